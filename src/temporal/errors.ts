import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { AppError, ErrorCode } from '../errors';

const CODES = new Set<string>(Object.values(ErrorCode));

function applicationFailureOf(err: unknown): ApplicationFailure | null {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    if (e instanceof ApplicationFailure) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Turns what Temporal answers into our error codes: a business rule that a workflow validator or handler rejected
 * keeps its code; an ended conversation workflow is reported as `endedAs`; anything else is rethrown as is.
 */
export function mapTemporalError(err: unknown, endedAs: AppError): never {
  if (err instanceof AppError) throw err;
  if (err instanceof WorkflowUpdateFailedError || applicationFailureOf(err)) {
    const failure = applicationFailureOf(err);
    if (failure?.type && CODES.has(failure.type)) throw new AppError(failure.type as ErrorCode, failure.message);
  }
  if (err instanceof WorkflowNotFoundError) throw endedAs;
  const message = String((err as Error)?.message ?? err);
  if (/workflow execution already completed|workflow not found|already completed/i.test(message)) throw endedAs;
  throw err;
}
