import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import {
  CarriedConversationState,
  closeConversationUpdate,
  ConversationStateView,
  ConversationWorkflowInput,
  conversationStateQuery,
  PendingTurn,
  sendCustomerMessageUpdate,
} from './conversation.messages';
import { AuthorKind, ConversationStatus } from './conversation.types';
import { CustomerTierKey, SupportStatusKey } from './search-attributes';
import { acceptsCustomerMessages, clientMessageIdProblem, messageBodyProblem } from './validation';

// The acknowledgement path: a local activity answers in milliseconds inside the update's workflow task.
const store = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  scheduleToCloseTimeout: '30s',
  retry: { initialInterval: '200ms', maximumInterval: '2s', maximumAttempts: 8 },
});

const context = proxyActivities<Activities>({
  startToCloseTimeout: '15s',
  retry: { initialInterval: '500ms', maximumInterval: '5s', maximumAttempts: 3 },
});

const ai = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '55s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '8s', maximumAttempts: 3 },
});

const RECENT_IDS_KEPT = 200;

function badInput(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'BAD_USER_INPUT', message, nonRetryable: true });
}

export async function conversationWorkflow(input: ConversationWorkflowInput): Promise<ConversationStateView> {
  const { conversationId, customerId } = input;
  const state: CarriedConversationState = input.carried ?? {
    status: ConversationStatus.AI_ACTIVE,
    recentClientMessageIds: [],
    pending: [],
    customerTurns: 0,
    aiReplies: 0,
    run: 1,
  };
  const seen = new Set(state.recentClientMessageIds);
  let turnsThisRun = 0;
  let contextReady = state.tier !== undefined;

  const view = (): ConversationStateView => ({
    status: state.status,
    tier: state.tier,
    customerTurns: state.customerTurns,
    aiReplies: state.aiReplies,
    pendingTurns: state.pending.length,
    run: state.run,
  });

  const remember = (clientMessageId: string) => {
    seen.add(clientMessageId);
    state.recentClientMessageIds.push(clientMessageId);
    if (state.recentClientMessageIds.length > RECENT_IDS_KEPT) {
      seen.delete(state.recentClientMessageIds.shift()!);
    }
  };

  setHandler(conversationStateQuery, view);

  setHandler(
    sendCustomerMessageUpdate,
    async (msg) => {
      const stored = await store.persistMessage({
        conversation: { id: conversationId, customerId, channel: input.channel, pageContext: input.pageContext, workflowId: workflowInfo().workflowId },
        authorKind: AuthorKind.CUSTOMER,
        authorId: customerId,
        body: msg.body,
        clientMessageId: msg.clientMessageId,
      });
      // A resend of an acknowledged message returns the stored row and earns no second AI turn. A row stored by
      // an attempt whose workflow task never completed (worker crash) is not in `seen` and not yet answered.
      if (!seen.has(msg.clientMessageId) && !stored.answered) {
        remember(msg.clientMessageId);
        state.customerTurns++;
        turnsThisRun++;
        state.pending.push({ messageId: stored.messageId, seq: stored.seq, body: msg.body, pageContext: msg.pageContext });
      }
      return { messageId: stored.messageId, seq: stored.seq, createdAt: stored.createdAt };
    },
    {
      validator: (msg) => {
        const problem = clientMessageIdProblem(msg?.clientMessageId) ?? messageBodyProblem(msg?.body);
        if (problem) throw badInput(problem);
        if (!acceptsCustomerMessages(state.status)) throw badInput('conversation is closed');
      },
    },
  );

  setHandler(
    closeConversationUpdate,
    async (req) => {
      state.status = ConversationStatus.CLOSED;
      state.pending = [];
      upsertSearchAttributes([{ key: SupportStatusKey, value: ConversationStatus.CLOSED }]);
      await store.recordConversationState({
        conversationId,
        status: ConversationStatus.CLOSED,
        event: {
          kind: 'conversation_closed',
          data: { by: req.actorRole, actorId: req.actorId, reason: req.reason ?? null },
          dedupeKey: `closed-${conversationId}`,
        },
      });
      return view();
    },
    {
      validator: (_req) => {
        if (state.status === ConversationStatus.CLOSED) throw badInput('conversation is already closed');
      },
    },
  );

  async function ensureContext(turn: PendingTurn): Promise<void> {
    if (contextReady) return;
    const gathered = await context.gatherContext({ conversationId, customerId, pageContext: turn.pageContext ?? input.pageContext });
    state.tier = gathered.customer?.tier;
    contextReady = true;
    if (state.tier) upsertSearchAttributes([{ key: CustomerTierKey, value: state.tier }]);
  }

  async function answer(turn: PendingTurn): Promise<void> {
    await ensureContext(turn);
    let reply;
    try {
      reply = await ai.generateAiReply({
        conversationId,
        customerId,
        question: turn.body,
        pageContext: turn.pageContext ?? input.pageContext,
        messageSeq: turn.seq,
      });
    } catch (err) {
      log.warn('AI reply failed after retries', { conversationId, error: String(err) });
      await store.persistMessage({
        conversationId,
        authorKind: AuthorKind.SYSTEM,
        body: 'Our assistant could not answer just now. Your message is saved and the team will follow up here.',
        clientMessageId: `system-ai-failed-${turn.messageId}`,
      });
      return;
    }
    if (isClosed()) return;
    await store.persistMessage({
      conversationId,
      authorKind: AuthorKind.AI,
      body: reply.answer,
      ai: { confidence: reply.confidence, sources: reply.sources },
      // Deterministic per customer message: a retried activity stores the reply once.
      clientMessageId: `ai-reply-${turn.messageId}`,
    });
    state.aiReplies++;
  }

  // A function, not an inline comparison: handlers may change the status while this turn awaits.
  function isClosed(): boolean {
    return state.status === ConversationStatus.CLOSED;
  }

  const canLimit = input.continueAsNewAfterTurns ?? 0;
  const shouldContinueAsNew = () =>
    workflowInfo().continueAsNewSuggested || (canLimit > 0 && turnsThisRun >= canLimit);

  for (;;) {
    await condition(() => state.pending.length > 0 || isClosed() || shouldContinueAsNew());
    if (isClosed()) break;
    if (state.pending.length > 0) {
      const turn = state.pending[0];
      await answer(turn);
      state.pending.shift();
      continue;
    }
    // Nothing owed: hand over to a fresh run once every in-flight update has finished.
    await condition(allHandlersFinished);
    if (state.pending.length > 0 || isClosed()) continue;
    await continueAsNew<typeof conversationWorkflow>({ ...input, carried: { ...state, run: state.run + 1 } });
  }
  await condition(allHandlersFinished);
  return view();
}
