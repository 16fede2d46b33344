import type { DataSource } from 'typeorm';
import type { ConversationGateway } from '../../src/temporal/conversation-gateway';
import type {
  ListWaitingConversationsInput,
  ListWaitingConversationsResult,
  SignalPolicyChangedInput,
  SignalPolicyChangedResult,
} from '../../workflows/policy-rollout/policy-rollout.messages';

export interface PolicyRolloutDeps {
  ds: Pick<DataSource, 'query'>;
  conversations: Pick<ConversationGateway, 'signalPolicyChanged'>;
}

/** What the policy rollout workflow asks for: the waiting conversations a page at a time, and one signal each. */
export function createPolicyRolloutActivities(deps: PolicyRolloutDeps) {
  return {
    async listWaitingConversations(input: ListWaitingConversationsInput): Promise<ListWaitingConversationsResult> {
      const rows: Array<{ id: string }> = await deps.ds.query(
        `SELECT id FROM conversations WHERE status = 'AWAITING_AGENT' AND ($1::uuid IS NULL OR id > $1::uuid)
         ORDER BY id LIMIT $2`,
        [input.afterConversationId, input.limit],
      );
      return { conversationIds: rows.map((r) => r.id) };
    },

    /**
     * A conversation that ended since it was listed has nothing to re-plan: 'ended' (counted by the gateway). Any
     * other failure fails the attempt, and Temporal retries it.
     */
    async signalPolicyChanged(input: SignalPolicyChangedInput): Promise<SignalPolicyChangedResult> {
      return { outcome: await deps.conversations.signalPolicyChanged(input) };
    },
  };
}
