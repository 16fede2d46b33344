import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import {
  RETENTION_SCHEDULE_ID,
  RETENTION_WORKFLOW_TYPE,
  type RetentionSweepInput,
} from '../../workflows/retention/retention.messages';

export interface RetentionScheduleSettings {
  /** Five-field cron, UTC. */
  cron: string;
  closedConversationDays: number;
  taskQueue: string;
}

/**
 * Creates the `closed-conversation-retention` Schedule, or brings an existing one to this configuration (as the
 * digest's schedule does: safe on every worker start; a schedule an operator paused stays paused).
 */
export async function ensureRetentionSchedule(
  client: Client,
  s: RetentionScheduleSettings,
): Promise<'created' | 'updated'> {
  const spec = { cronExpressions: [s.cron] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: RETENTION_WORKFLOW_TYPE,
    workflowId: RETENTION_SCHEDULE_ID,
    taskQueue: s.taskQueue,
    args: [{ olderThanDays: s.closedConversationDays } satisfies RetentionSweepInput],
  };
  // A sweep still running when the next is due is left alone; a missed one runs when the worker is back that day.
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' as const };
  try {
    await client.schedule.create({ scheduleId: RETENTION_SCHEDULE_ID, spec, action, policies });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  await client.schedule.getHandle(RETENTION_SCHEDULE_ID).update((prev) => ({ ...prev, spec, action, policies }));
  return 'updated';
}
