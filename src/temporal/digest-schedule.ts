import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import {
  WEEKLY_DIGEST_SCHEDULE_ID,
  WEEKLY_DIGEST_WORKFLOW_TYPE,
  type WeeklyDigestInput,
} from '../../workflows/digest/weekly-digest.messages';

export interface DigestScheduleSettings {
  /** Five-field cron, read in `timezone`. */
  cron: string;
  timezone: string;
  taskQueue: string;
}

/**
 * Creates the `weekly-review-digest` Schedule, or brings an existing one to this configuration (cron, time zone, task
 * queue). Safe to run on every worker start, from any number of workers: the outcome is the same. A schedule an
 * operator paused stays paused.
 */
export async function ensureReviewDigestSchedule(
  client: Client,
  s: DigestScheduleSettings,
): Promise<'created' | 'updated'> {
  const spec = { cronExpressions: [s.cron], timezone: s.timezone };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: WEEKLY_DIGEST_WORKFLOW_TYPE,
    workflowId: WEEKLY_DIGEST_SCHEDULE_ID,
    taskQueue: s.taskQueue,
    args: [{ lookbackDays: 7 } satisfies WeeklyDigestInput],
  };
  // A digest more than a day late is not worth sending; one still running when the next is due is left alone.
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' as const };
  try {
    await client.schedule.create({ scheduleId: WEEKLY_DIGEST_SCHEDULE_ID, spec, action, policies });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  await client.schedule.getHandle(WEEKLY_DIGEST_SCHEDULE_ID).update((prev) => ({ ...prev, spec, action, policies }));
  return 'updated';
}
