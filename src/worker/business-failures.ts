import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { AppError, ErrorCode } from '../errors';

/** Codes that name a business rule, or stored data that no retry can make readable: the answer cannot change. */
const BUSINESS = new Set<ErrorCode>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
  ErrorCode.DATA_CORRUPT,
]);

/**
 * Any activity that rejects with one of our business-rule errors fails at once, its code as the failure type, so a
 * workflow (and the API edge, src/temporal/failures.ts) sees CONFLICT or NOT_FOUND, not a retry loop. UNAVAILABLE and
 * anything else stay retryable.
 */
export const businessFailuresInterceptor: ActivityInterceptorsFactory = () => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (err) {
        if (err instanceof AppError && BUSINESS.has(err.code))
          throw ApplicationFailure.create({ type: err.code, message: err.message, nonRetryable: true });
        throw err;
      }
    },
  },
});
