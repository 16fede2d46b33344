import type { z } from 'zod';
import { describeIssues } from '../../../domain/events.schema';
import { AppError, ErrorCode } from '../../errors';

/** A stored JSON value that matches none of the shapes ever written: an error naming the row, never a silent zero. */
export function dataCorrupt(where: string, problem: string): AppError {
  return new AppError(ErrorCode.DATA_CORRUPT, `${where} matches no known shape: ${problem}`);
}

/**
 * Reads a JSONB value back through its schema. `where` names the row and column (`conversations <id>.escalation`)
 * so the error says which row to look at.
 */
export function parseStored<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw dataCorrupt(where, describeIssues(r.error));
  return r.data;
}

/** The same for a nullable column: SQL NULL stays null. */
export function parseStoredOrNull<T>(schema: z.ZodType<T>, value: unknown, where: string): T | null {
  return value === null || value === undefined ? null : parseStored(schema, value, where);
}
