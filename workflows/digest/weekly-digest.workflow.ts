import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { WeeklyDigestInput } from './weekly-digest.messages';

const DAY_MS = 24 * 3600 * 1000;

// Slack being down for a while delays the digest; it does not lose it.
const { sendReviewDigest } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '10s', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 12 },
});

/** Started by the `weekly-review-digest` Schedule: the insights of the past week, sent to the team. */
export async function weeklyDigestWorkflow(input: WeeklyDigestInput = {}) {
  const to = new Date(); // the workflow clock: when this run started, the same on replay
  const from = new Date(to.getTime() - (input.lookbackDays ?? 7) * DAY_MS);
  return sendReviewDigest({ from: from.toISOString(), to: to.toISOString(), digestId: workflowInfo().workflowId });
}
