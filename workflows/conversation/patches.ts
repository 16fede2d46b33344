import { patched } from '@temporalio/workflow';

/**
 * The conversation workflow's patches up to December 2026, answered by one. A run started by this code records one
 * patch marker (and the one TemporalChangeVersion search attribute upsert Core adds to each marker) instead of one
 * per patch its first turn reaches: seven markers and seven upserts, a history event and a visibility write each.
 * A run recorded before asks each patch as it ran (the baseline's marker is absent from its history), and a run that
 * reaches the baseline live takes every patch from there on, as it would have taken each at its first live check.
 * Patches added after this list belong to the second baseline below.
 */
const BASELINE = 'conversation-patches-2026-12';
/**
 * The second baseline: every patch of the first, and those since. A new run records this marker alone; a run
 * recorded under the first (or under single patches) replays as it ran and, once live, records this one the first
 * time it asks, taking the later patches from there on.
 */
const BASELINE_2 = 'conversation-patches-2026-12-b';

export const BASELINE_PATCHES = [
  'adopt-context-prefetch',
  'ai-resolution-by-inactivity',
  'ai-turn-burst',
  'ai-turn-reads-policy-and-context-in-parallel',
  'ai-turn-single-write',
  'billing-approver-rechecked',
  'claim-records-auto-assignment',
  'claim-waits-for-escalation',
  'escalation-notice-before-notify',
  'escalation-without-ai-turn-reads-newest-policy',
  'kb-suggestion-on-agent-resolution',
  'local-activities-one-at-a-time',
  'message-page-context',
  'one-wake-timer',
  'repeated-claim-waits-for-winner',
  'reply-email-when-away',
  'search-attributes-on-change',
  'wait-for-local-activities',
] as const;

/** Patches since the first baseline, answered by the second. */
export const BASELINE_2_PATCHES = ['ai-turn-in-workflow-task'] as const;

export type BaselinePatch = (typeof BASELINE_PATCHES)[number] | (typeof BASELINE_2_PATCHES)[number];

const second = new Set<string>(BASELINE_2_PATCHES);

/** patched(id) for a patch of a baseline: true at once in a run a baseline's marker covers. */
export function hasPatch(id: BaselinePatch): boolean {
  if (patched(BASELINE_2)) return true;
  return (!second.has(id) && patched(BASELINE)) || patched(id);
}
