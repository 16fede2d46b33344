import { setHandler, workflowInfo } from '@temporalio/workflow';
import { hasPatch } from './patches';
import type { TriggerEvaluation } from '../../domain/escalation';
import { durableStore, store } from './activity-proxies';
import type { ConversationRun } from './conversation-run';
import {
  changeOwnerUpdate,
  closeConversationUpdate,
  confirmResolvedUpdate,
  customerMessageStoredSignal,
  requestHumanUpdate,
  sendCustomerMessageUpdate,
  type StoredCustomerMessage,
} from './conversation.messages';
import { AuthorKind } from '../../domain/conversation';
import { closeProblem, confirmResolvedProblem } from '../../domain/conversation-rules';
import { acceptsCustomerMessages, clientMessageIdProblem, messageBodyProblem } from '../../domain/message-rules';
import { fail } from '../common/failures';

/**
 * A customer message the API stored, signalled or taken parked: it checked the body and that the conversation was
 * open; one that reaches a conversation closed meanwhile stays in its transcript, unanswered.
 */
export function takeStoredMessage(run: ConversationRun, msg: StoredCustomerMessage): void {
  const { state } = run;
  if (!acceptsCustomerMessages(state.status)) return;
  if (msg.due) state.mayHaveParked = true;
  if (!run.acceptTurn(msg.clientMessageId)) return;
  state.lastCustomerAt = Date.now();
  state.customerTurns++;
  state.pending.push({
    messageId: msg.messageId,
    seq: msg.seq,
    body: msg.body,
    ...(msg.pageContext && { pageContext: msg.pageContext }),
  });
}

/** What the customer does: send a message (the fast acknowledgement), confirm it is solved, ask for a person, close. */
export function registerCustomerHandlers(run: ConversationRun): void {
  const { input, machine, state } = run;
  const { conversationId } = input;

  setHandler(
    sendCustomerMessageUpdate,
    async (msg) => {
      const stored = await store.persistMessage({
        conversation: {
          id: conversationId,
          customerId: run.customerId,
          channel: input.channel,
          pageContext: input.pageContext,
          workflowId: workflowInfo().workflowId,
        },
        authorKind: AuthorKind.CUSTOMER,
        authorId: run.customerId,
        body: msg.body,
        clientMessageId: msg.clientMessageId,
        // Where the customer was when they wrote: the handoff shows the latest page, not only the first.
        ...(msg.pageContext && hasPatch('message-page-context') ? { pageContext: msg.pageContext } : {}),
      });
      // A resend of an acknowledged message returns the stored row and earns no second turn. A row stored by an
      // attempt whose workflow task never completed (worker crash) is not in `seen` and not yet answered.
      if (!stored.answered && run.acceptTurn(msg.clientMessageId)) {
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

  setHandler(customerMessageStoredSignal, (msg) => takeStoredMessage(run, msg));

  setHandler(
    confirmResolvedUpdate,
    async (_req) => {
      if (machine.withAi()) await run.resolveByAi('the customer confirmed it is solved');
      return run.view();
    },
    {
      validator: (_req) => {
        const problem = confirmResolvedProblem(state.status);
        if (problem) throw fail('BAD_USER_INPUT', problem);
      },
    },
  );

  setHandler(
    requestHumanUpdate,
    async (_req) => {
      if (machine.canEscalate()) {
        const evaluation: TriggerEvaluation = {
          kind: 'EXPLICIT_REQUEST',
          fired: true,
          score: 1,
          threshold: null,
          evidence: 'pressed "talk to a person"',
        };
        await run.escalate('EXPLICIT_REQUEST', [evaluation], {}, `button-${state.slaCycles}`, true);
      }
      return run.view();
    },
    {
      validator: (_req) => {
        if (machine.isClosed()) throw fail('BAD_USER_INPUT', 'conversation is closed');
      },
    },
  );

  setHandler(
    closeConversationUpdate,
    async (req) => {
      machine.close();
      await run.record(
        'conversation_closed',
        { by: req.actorRole, actorId: req.actorId, reason: req.reason ?? null },
        `closed-${conversationId}`,
      );
      return run.view();
    },
    {
      validator: (req) => {
        const problem = closeProblem(
          { status: state.status, assignee: state.assignee, customerId: run.customerId },
          req,
        );
        if (problem) throw fail(problem.code, problem.message);
      },
    },
  );

  setHandler(
    changeOwnerUpdate,
    async (req) => {
      if (run.customerId === req.customerId) return run.view(); // moved already (a retried sign-in)
      await durableStore.recordConversationState({
        conversationId,
        customerId: req.customerId,
        event: {
          kind: 'owner_changed',
          data: { from: req.fromCustomerId, to: req.customerId },
          dedupeKey: `owner-${req.customerId}`,
        },
      });
      run.changeOwner(req.customerId);
      return run.view();
    },
    {
      validator: (req) => {
        if (machine.isClosed()) throw fail('BAD_USER_INPUT', 'conversation is closed');
        if (run.customerId !== req.fromCustomerId && run.customerId !== req.customerId) {
          throw fail('FORBIDDEN', 'the conversation belongs to someone else');
        }
      },
    },
  );
}
