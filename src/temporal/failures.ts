import { status } from '@grpc/grpc-js';
import {
  ApplicationFailure,
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { AppError, conflict, ErrorCode } from '../errors';
import { logger } from '../logger';
import { temporalErrors } from '../observability/metrics';

const log = logger('temporal');

const CODES = new Set<string>(Object.values(ErrorCode));

/** The server's failure type for an accepted update whose workflow completed before the update did. */
const UPDATE_OUTLIVED_WORKFLOW = 'AcceptedUpdateCompletedWorkflow';

/** What a failed Temporal call means to us, decided by the failure's type (never by its message). */
export type TemporalFailure =
  /** A workflow validator or handler, or an activity through the worker's interceptor, rejected with our code. */
  | { kind: 'rejected'; error: AppError }
  /** The workflow is not running: it completed, or never existed. */
  | { kind: 'ended' }
  | { kind: 'already-started' }
  /**
   * No answer in time (no worker polling, a store retrying while PostgreSQL is down) or Temporal unreachable: the
   * outcome is unknown, and resending with the same idempotency key lands once.
   */
  | { kind: 'unavailable' }
  | { kind: 'unknown' };

/** The error and what caused it, outermost first (the client wraps: update failed → activity failed → our code). */
function chainOf(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = err; e && chain.length < 8; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

/** The first detail of a business failure when it is a flat record of strings (workflows/common/failures.ts). */
function flatDetails(e: ApplicationFailure): Record<string, string> | undefined {
  const d: unknown = e.details?.[0];
  if (!d || typeof d !== 'object' || Array.isArray(d)) return undefined;
  const entries = Object.entries(d).filter(([, v]) => typeof v === 'string');
  return entries.length ? (Object.fromEntries(entries) as Record<string, string>) : undefined;
}

export function classifyTemporalFailure(err: unknown): TemporalFailure {
  for (const e of chainOf(err)) {
    if (e instanceof AppError) return { kind: 'rejected', error: e };
    if (e instanceof ApplicationFailure && e.type) {
      if (CODES.has(e.type))
        return { kind: 'rejected', error: new AppError(e.type as ErrorCode, e.message, undefined, flatDetails(e)) };
      if (e.type === UPDATE_OUTLIVED_WORKFLOW) return { kind: 'ended' };
    }
    if (e instanceof WorkflowNotFoundError) return { kind: 'ended' };
    if (e instanceof WorkflowExecutionAlreadyStartedError) return { kind: 'already-started' };
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return { kind: 'unavailable' };
    if (isGrpcServiceError(e)) {
      if (e.code === status.NOT_FOUND) return { kind: 'ended' };
      if (e.code === status.ALREADY_EXISTS) return { kind: 'already-started' };
      if (e.code === status.DEADLINE_EXCEEDED || e.code === status.UNAVAILABLE) return { kind: 'unavailable' };
      // Not performed, and may be soon: the server refuses an Update while the workflow's task is being retried (a
      // worker died in the middle of it; found by `npm run chaos`), and sheds load it cannot take. A resend is safe.
      if (e.code === status.FAILED_PRECONDITION || e.code === status.RESOURCE_EXHAUSTED) return { kind: 'unavailable' };
    }
  }
  return { kind: 'unknown' };
}

/** One call through the gateway: what it does and to which workflow, for the log line and the counter. */
export interface TemporalCall {
  /** The gateway method, e.g. `claim`; a label of `support_temporal_errors_total`. */
  operation: string;
  workflowId: string;
  /** Whatever the call is about, for the log line: a conversation, a suggestion, a backtest, a policy version. */
  conversationId?: string;
  suggestionId?: string;
  backtestId?: string;
  version?: number;
}

/** For the log only: the error's class, message and gRPC status, never sent to a client. */
function describe(err: unknown): Record<string, unknown> {
  const chain = chainOf(err).map((e) =>
    e instanceof Error
      ? `${e.name}: ${e.message}${isGrpcServiceError(e) ? ` (gRPC ${status[e.code]})` : ''}`
      : String(e),
  );
  return { error: chain.join(' <- ') };
}

const counted = (call: TemporalCall, code: string) => temporalErrors.inc({ operation: call.operation, code });

/**
 * Our error for a failed call: a rejection keeps its code and message; a workflow that has ended answers `endedAs`
 * (what "ended" means depends on the call: a closed conversation, a suggestion no longer open); anything else is
 * logged with its workflow and conversation and answered as INTERNAL, with nothing of Temporal's in the message.
 * Every failure is counted.
 */
export function toAppError(err: unknown, call: TemporalCall, endedAs: () => AppError): AppError {
  const failure = classifyTemporalFailure(err);
  switch (failure.kind) {
    case 'rejected':
      counted(call, failure.error.code);
      return failure.error;
    case 'ended':
      counted(call, ErrorCode.NOT_FOUND);
      return endedAs();
    case 'already-started':
      counted(call, ErrorCode.CONFLICT);
      return conflict('this workflow was started already');
    case 'unavailable':
      counted(call, ErrorCode.UNAVAILABLE);
      log.warn('temporal call got no answer in time', { ...call, ...describe(err) });
      return unavailable();
    case 'unknown':
      counted(call, ErrorCode.INTERNAL);
      log.error('temporal call failed', { ...call, ...describe(err) });
      return new AppError(ErrorCode.INTERNAL, 'internal error');
  }
}

/** Runs a call; any failure becomes our error (see toAppError). */
export async function callTemporal<T>(call: TemporalCall, endedAs: () => AppError, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw toAppError(err, call, endedAs);
  }
}

/**
 * For signals whose target may have ended meanwhile, where that is an outcome rather than an error (a policy
 * version for a conversation that was just closed): 'ended', counted; any other failure is thrown as toAppError.
 */
export async function signalUnlessEnded(call: TemporalCall, run: () => Promise<void>): Promise<'signalled' | 'ended'> {
  try {
    await run();
    return 'signalled';
  } catch (err) {
    const error = toAppError(err, call, () => ENDED);
    if (error === ENDED) {
      log.debug('signal target has ended', { ...call });
      return 'ended';
    }
    throw error;
  }
}

const ENDED = new AppError(ErrorCode.NOT_FOUND, 'workflow ended');

/** What a client is told when the outcome is unknown: resending with the same key is always safe. */
export const unavailable = () =>
  new AppError(
    ErrorCode.UNAVAILABLE,
    'the service did not answer in time; resend the same request (same clientMessageId) to get its outcome',
  );
