import type { PolicySnapshot } from '../../domain/policy/sla';
import { slaLadderSteps } from '../../src/observability/metrics';
import type { AiTurnRecord } from '../../src/services/ai-turn-sql';
import type {
  BillingActionRecord,
  ConversationStateChange,
  ConversationStore,
  ParkedMessage,
  PersistedMessage,
  PersistMessageInput,
  ResolutionRecord,
} from '../../src/services/conversation-store';
import type { PolicyService } from '../../src/services/policy.service';

/** The writes the conversation workflow's activities make (ConversationStore in the worker; a fake in unit tests). */
export type ConversationWrites = Pick<
  ConversationStore,
  | 'persistMessage'
  | 'recordConversationState'
  | 'recordAiTurn'
  | 'recordAiTurns'
  | 'takeParkedMessages'
  | 'setSkills'
  | 'recordBillingAction'
  | 'recordResolution'
>;

export function createStoreActivities(store: ConversationWrites, policies: Pick<PolicyService, 'current'>) {
  return {
    /** Stores one message exactly once (keyed on its clientMessageId) and publishes it in the same transaction. */
    async persistMessage(input: PersistMessageInput): Promise<PersistedMessage> {
      return store.persistMessage(input);
    },
    /** Updates the conversation's read-model row and appends to its audit trail, idempotently. */
    async recordConversationState(change: ConversationStateChange): Promise<void> {
      const recorded = await store.recordConversationState(change);
      // The ladder's audit event is written once per step (dedupe key), so a retried attempt does not count twice.
      if (recorded && change.event?.kind === 'sla_step')
        slaLadderSteps.inc({ action: String(change.event.data.action) });
    },
    /** One AI turn written at once: the decision's audit event and, if the AI answers, its reply. */
    async recordAiTurn(input: AiTurnRecord): Promise<PersistedMessage | null> {
      return store.recordAiTurn(input);
    },
    /** The AI turns of a burst, in order, in one transaction. */
    async recordAiTurns(input: { turns: AiTurnRecord[] }): Promise<Array<PersistedMessage | null>> {
      return store.recordAiTurns(input.turns);
    },
    /**
     * The customer messages the API parked for this conversation while it was due, in order, after the seq an earlier
     * take returned (`after`; 0 in runs before it was sent): a retry whose first reply was lost gets them again.
     */
    async takeParkedMessages(input: { conversationId: string; after?: number }): Promise<ParkedMessage[]> {
      return store.takeParkedMessages(input.conversationId, input.after ?? 0);
    },
    /** The newest escalation policy version: a running conversation picks it up at its next turn. */
    async loadEscalationPolicy(): Promise<PolicySnapshot> {
      return policies.current();
    },
    async setConversationSkills(input: { conversationId: string; skills: string[] }): Promise<void> {
      await store.setSkills(input.conversationId, input.skills);
    },
    async recordBillingAction(input: BillingActionRecord): Promise<void> {
      await store.recordBillingAction(input);
    },
    async recordResolution(input: ResolutionRecord): Promise<void> {
      await store.recordResolution(input);
    },
  };
}
