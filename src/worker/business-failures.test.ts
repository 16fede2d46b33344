import { ApplicationFailure } from '@temporalio/common';
import type { Context } from '@temporalio/activity';
import { AppError, conflict, ErrorCode } from '../errors';
import { businessFailuresInterceptor } from './business-failures';

const run = (thrown: unknown) => {
  const { inbound } = businessFailuresInterceptor({} as Context);
  return inbound!.execute!({ args: [], headers: {} }, async () => {
    throw thrown;
  });
};

describe('business failures from activities', () => {
  it('a business-rule error fails the activity for good, its code kept as the failure type', async () => {
    const err = await run(conflict('the suggestion was already approved')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'CONFLICT', message: 'the suggestion was already approved', nonRetryable: true });
  });

  it('a stored payload that matches no known shape fails at once, naming the row (a retry reads the same row)', async () => {
    const corrupt = new AppError(
      ErrorCode.DATA_CORRUPT,
      'conversation_events 42 (turn_decided) matches no known shape',
    );
    expect(await run(corrupt).catch((e: unknown) => e)).toMatchObject({
      type: 'DATA_CORRUPT',
      message: corrupt.message,
      nonRetryable: true,
    });
  });

  it('an outage or anything else stays retryable, untouched', async () => {
    const outage = new AppError(ErrorCode.UNAVAILABLE, 'database unavailable');
    expect(await run(outage).catch((e: unknown) => e)).toBe(outage);
    const boom = new Error('connection reset');
    expect(await run(boom).catch((e: unknown) => e)).toBe(boom);
  });
});
