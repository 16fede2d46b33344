import { setHandler, workflowInfo } from '@temporalio/workflow';
import type { EscalationTrigger, TriggerEvaluation } from '../../domain/escalation';
import { store } from './activity-proxies';
import {
  closeConversationUpdate,
  confirmResolvedUpdate,
  type CarriedConversationState,
  type ConversationStateView,
  type ConversationWorkflowInput,
  type EscalationRecord,
  requestHumanUpdate,
  sendCustomerMessageUpdate,
} from './conversation.messages';
import { AuthorKind, ConversationStatus } from '../../domain/conversation';
import { acceptsCustomerMessages, clientMessageIdProblem, messageBodyProblem } from '../../domain/message-rules';
import { fail } from '../common/failures';

export interface CustomerHandlerDeps {
  input: ConversationWorkflowInput;
  state: CarriedConversationState;
  view(): ConversationStateView;
  record(kind: string, data: Record<string, unknown>, dedupeKey: string): Promise<void>;
  escalate(
    reason: EscalationTrigger,
    triggers: TriggerEvaluation[],
    extra: Partial<EscalationRecord>,
    turnKey: string,
  ): Promise<void>;
  resolveByAi(reason: string): Promise<void>;
  /** True the first time this run sees a client message id (resends earn no second turn). */
  acceptTurn(clientMessageId: string): boolean;
}

/** What the customer does: send a message (the fast acknowledgement), confirm it is solved, ask for a person, close. */
export function registerCustomerHandlers({
  input,
  state,
  view,
  record,
  escalate,
  resolveByAi,
  acceptTurn,
}: CustomerHandlerDeps): void {
  const { conversationId, customerId } = input;
  const isClosed = () => state.status === ConversationStatus.CLOSED;

  setHandler(
    sendCustomerMessageUpdate,
    async (msg) => {
      const stored = await store.persistMessage({
        conversation: {
          id: conversationId,
          customerId,
          channel: input.channel,
          pageContext: input.pageContext,
          workflowId: workflowInfo().workflowId,
        },
        authorKind: AuthorKind.CUSTOMER,
        authorId: customerId,
        body: msg.body,
        clientMessageId: msg.clientMessageId,
      });
      // A resend of an acknowledged message returns the stored row and earns no second turn. A row stored by an
      // attempt whose workflow task never completed (worker crash) is not in `seen` and not yet answered.
      if (!stored.answered && acceptTurn(msg.clientMessageId)) {
        state.lastCustomerAt = Date.now();
        state.customerTurns++;
        state.pending.push({
          messageId: stored.messageId,
          seq: stored.seq,
          body: msg.body,
          pageContext: msg.pageContext,
        });
      }
      return { messageId: stored.messageId, seq: stored.seq, createdAt: stored.createdAt, resent: !stored.created };
    },
    {
      validator: (msg) => {
        const problem = clientMessageIdProblem(msg?.clientMessageId) ?? messageBodyProblem(msg?.body);
        if (problem) throw fail('BAD_USER_INPUT', problem);
        if (!acceptsCustomerMessages(state.status)) throw fail('BAD_USER_INPUT', 'conversation is closed');
      },
    },
  );

  setHandler(
    confirmResolvedUpdate,
    async (_req) => {
      if (state.status === ConversationStatus.AI_ACTIVE) await resolveByAi('the customer confirmed it is solved');
      return view();
    },
    {
      validator: (_req) => {
        if (state.status !== ConversationStatus.AI_ACTIVE && state.status !== ConversationStatus.RESOLVED) {
          throw fail(
            'BAD_USER_INPUT',
            state.status === ConversationStatus.CLOSED
              ? 'conversation is closed'
              : 'a person is handling this conversation; they resolve it',
          );
        }
      },
    },
  );

  setHandler(
    requestHumanUpdate,
    async (_req) => {
      if (state.status === ConversationStatus.AI_ACTIVE || state.status === ConversationStatus.RESOLVED) {
        const evaluation: TriggerEvaluation = {
          kind: 'EXPLICIT_REQUEST',
          fired: true,
          score: 1,
          threshold: null,
          evidence: 'pressed "talk to a person"',
        };
        await escalate('EXPLICIT_REQUEST', [evaluation], {}, `button-${state.slaCycles}`);
      }
      return view();
    },
    {
      validator: (_req) => {
        if (isClosed()) throw fail('BAD_USER_INPUT', 'conversation is closed');
      },
    },
  );

  setHandler(
    closeConversationUpdate,
    async (req) => {
      state.status = ConversationStatus.CLOSED;
      state.pending = [];
      await record(
        'conversation_closed',
        { by: req.actorRole, actorId: req.actorId, reason: req.reason ?? null },
        `closed-${conversationId}`,
      );
      return view();
    },
    {
      validator: (_req) => {
        if (isClosed()) throw fail('BAD_USER_INPUT', 'conversation is already closed');
      },
    },
  );
}
