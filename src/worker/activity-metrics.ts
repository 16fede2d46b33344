import { CancelledFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { activityDuration } from '../observability/metrics';

/** ok, error (the attempt failed; Temporal may retry it), or cancelled (by the workflow, a timeout or shutdown). */
function outcomeOf(err: unknown): 'error' | 'cancelled' {
  return err instanceof CancelledFailure || (err instanceof Error && err.name === 'AbortError') ? 'cancelled' : 'error';
}

/** Times every activity attempt this worker runs (local activities included), by type and outcome. */
export const activityMetricsInterceptor: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      const done = activityDuration.startTimer({ activity_type: ctx.info.activityType });
      try {
        const result = await next(input);
        done({ outcome: 'ok' });
        return result;
      } catch (err) {
        done({ outcome: outcomeOf(err) });
        throw err;
      }
    },
  },
});
