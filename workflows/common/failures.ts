import { ApplicationFailure } from '@temporalio/workflow';

export type BusinessErrorCode = 'BAD_USER_INPUT' | 'CONFLICT' | 'FORBIDDEN' | 'NOT_FOUND';

/**
 * A business-rule rejection from any workflow's validator or handler: its type is our error code (mapped at the API
 * edge by src/temporal/failures.ts), never retried.
 */
export const fail = (type: BusinessErrorCode, message: string) =>
  ApplicationFailure.create({ type, message, nonRetryable: true });
