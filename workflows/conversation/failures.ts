import { ApplicationFailure } from '@temporalio/workflow';

export type BusinessErrorCode = 'BAD_USER_INPUT' | 'CONFLICT' | 'FORBIDDEN' | 'NOT_FOUND';

/** A business-rule rejection: its type is our error code (mapped at the API edge), never retried. */
export const fail = (type: BusinessErrorCode, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

/** How long after resolution a customer message reopens the conversation, unless the policy says otherwise. */
export const DEFAULT_REOPEN_WINDOW_SECONDS = 7 * 24 * 3600;
