import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { POLICY_ROLLOUT_PAGE_SIZE, type PolicyRolloutInput, type PolicyRolloutTotals } from './policy-rollout.messages';

// No attempt limit: a conversation is told of the new version once Temporal answers again, never dropped.
const { listWaitingConversations, signalPolicyChanged } = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Tells every conversation waiting for an agent that a new policy version is out, so its ladder re-plans at once
 * (running conversations read the newest version at their next turn anyway). Started by the API when a version is
 * published, with an id keyed on the version; pages through the waiting conversations by id.
 */
export async function policyRolloutWorkflow(input: PolicyRolloutInput): Promise<PolicyRolloutTotals> {
  const limit = input.pageSize ?? POLICY_ROLLOUT_PAGE_SIZE;
  const totals: PolicyRolloutTotals = { signalled: 0, ended: 0, ...input.totals };
  let afterConversationId = input.afterConversationId ?? null;
  for (;;) {
    const { conversationIds } = await listWaitingConversations({ afterConversationId, limit });
    const results = await Promise.all(
      conversationIds.map((conversationId) => signalPolicyChanged({ conversationId, version: input.version })),
    );
    for (const r of results) totals[r.outcome === 'signalled' ? 'signalled' : 'ended'] += 1;
    if (conversationIds.length < limit) return totals;
    afterConversationId = conversationIds[conversationIds.length - 1];
    if (workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof policyRolloutWorkflow>({ ...input, afterConversationId, totals });
    }
  }
}
