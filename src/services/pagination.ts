import { badInput } from '../errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface Page<T> {
  nodes: Array<{ cursor: string; node: T }>;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput(`first must be an integer between 0 and ${MAX_PAGE_SIZE}`);
  }
  return first;
}

export function encodeCursor(parts: Array<string | number>): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, arity: number): Array<string | number> | null {
  if (!cursor) return null;
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === arity) return parts;
  } catch {
    /* reported below */
  }
  throw badInput('after is not a cursor this connection issued');
}

/**
 * A page from rows read with `limit + 1`: the extra row only says that a next page exists. `cursorOf` names a row's
 * position (its keyset, or its offset) as the cursor a client passes back as `after`.
 */
export function pageOf<T>(
  rows: T[],
  limit: number,
  cursorOf: (row: T, index: number) => Array<string | number>,
  hasPreviousPage: boolean,
): Page<T> {
  return {
    nodes: rows.slice(0, limit).map((node, i) => ({ cursor: encodeCursor(cursorOf(node, i)), node })),
    hasNextPage: rows.length > limit,
    hasPreviousPage,
  };
}
