import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { hasPatch } from './patches';

/**
 * Upserts the search attributes ops filter on when one of them changes. Every record used to upsert them all (seven
 * times in a conversation's first turn, each a history event and a visibility write on the server); runs recorded
 * before that replay as they ran.
 */
export function upsertChanged(pairs: SearchAttributeUpdatePair[]): void {
  const current = workflowInfo().typedSearchAttributes;
  const unchanged = pairs.every(({ key, value }) => same(current.get(key), value));
  if (unchanged && hasPatch('search-attributes-on-change')) return;
  upsertSearchAttributes(pairs);
}

function same(current: unknown, next: unknown): boolean {
  if (current instanceof Date && next instanceof Date) return current.getTime() === next.getTime();
  return (current ?? null) === (next ?? null);
}
