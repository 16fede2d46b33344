import { ApplicationFailure } from '@temporalio/workflow';

export type BusinessErrorCode = 'BAD_USER_INPUT' | 'CONFLICT' | 'FORBIDDEN' | 'NOT_FOUND';

/**
 * A business-rule rejection from any workflow's validator or handler: its type is our error code (mapped at the API
 * edge by src/temporal/failures.ts), never retried. `details`: flat facts the API may show (e.g. who holds a claim).
 */
export const fail = (type: BusinessErrorCode, message: string, details?: Record<string, string>) =>
  ApplicationFailure.create({ type, message, nonRetryable: true, ...(details ? { details: [details] } : {}) });
