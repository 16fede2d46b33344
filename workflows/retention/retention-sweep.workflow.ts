import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { RetentionSweepInput, RetentionSweepResult } from './retention.messages';

const PAGE = 50;
const PAGES_PER_RUN = 40;

const { listExpiredConversations, eraseExpiredConversations } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10s', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});

/**
 * Started by the `closed-conversation-retention` Schedule: erases, a page at a time, the closed conversations older
 * than the configured age (their rows in PostgreSQL; Temporal drops their histories by the namespace's retention).
 */
export async function retentionSweepWorkflow(
  input: RetentionSweepInput,
  carried: RetentionSweepResult = { conversations: 0, messages: 0 },
): Promise<RetentionSweepResult> {
  const total = { ...carried };
  for (let page = 0; page < PAGES_PER_RUN; page++) {
    const ids = await listExpiredConversations({ olderThanDays: input.olderThanDays, limit: PAGE });
    if (ids.length === 0) return total;
    const erased = await eraseExpiredConversations({ conversationIds: ids });
    total.conversations += erased.conversations;
    total.messages += erased.messages;
  }
  return continueAsNew<typeof retentionSweepWorkflow>(input, total);
}
