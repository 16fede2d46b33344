import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { EscalationTrigger, Tier, TriggerEvaluation } from '../../domain/escalation';
import {
  DEFAULT_AI_RESOLVED_AFTER_INACTIVITY_SECONDS,
  DEFAULT_REOPEN_WINDOW_SECONDS,
} from '../../domain/policy/defaults';
import type { PolicySnapshot } from '../../domain/policy/sla';
import { context, durableStore, notify, store } from './activity-proxies';
import { type AiTurnDeps, type GatheredContext, runAiTurn } from './ai-turn';
import { registerAgentHandlers } from './agent-handlers';
import { registerCustomerHandlers } from './customer-handlers';
import {
  CarriedConversationState,
  ConversationStateView,
  ConversationWorkflowInput,
  conversationStateQuery,
  EscalationRecord,
  PendingTurn,
  policyChangedSignal,
} from './conversation.messages';
import { AuthorKind, ConversationStatus } from '../../domain/conversation';
import { registerBillingHandlers } from './billing-handlers';
import { newSlaCycle, replanSlaCycle, skillsFor, waitNotice } from './escalation-flow';
import { fireDueTimers, nextWakeAt } from './timers';
import {
  AssignedAgentKey,
  CustomerTierKey,
  EscalationReasonKey,
  SlaDeadlineKey,
  SupportStatusKey,
} from '../../domain/search-attributes';

const RECENT_IDS_KEPT = 200;
export async function conversationWorkflow(input: ConversationWorkflowInput): Promise<ConversationStateView> {
  const { conversationId, customerId } = input;
  const state: CarriedConversationState = input.carried ?? {
    status: ConversationStatus.AI_ACTIVE,
    recentClientMessageIds: [],
    pending: [],
    customerTurns: 0,
    aiReplies: 0,
    run: 1,
    slaCycles: 0,
    aiTurnsOnProblem: 0,
    recentTurns: [],
  };
  const seen = new Set(state.recentClientMessageIds);
  let turnsThisRun = 0;
  let contextReady = state.tier !== undefined;
  let policy: PolicySnapshot | null = null;
  let policyDirty = false;
  let wake = false; // a handler changed timers: the main loop recomputes its next wake-up

  // Conversations started before AI resolution by inactivity existed keep running without that timer.
  let inactivityPatch: boolean | null = null;
  const inactivityResolution = () => (inactivityPatch ??= patched('ai-resolution-by-inactivity'));
  const tier = (): Tier => (state.tier as Tier | undefined) ?? 'FREE';
  const isClosed = () => state.status === ConversationStatus.CLOSED;
  const view = (): ConversationStateView => ({
    status: state.status,
    tier: state.tier,
    assignee: state.assignee ?? null,
    escalationReason: state.escalation?.reason ?? null,
    pool: state.status === ConversationStatus.AWAITING_AGENT ? (state.sla?.pool ?? []) : [],
    customerTurns: state.customerTurns,
    aiReplies: state.aiReplies,
    pendingTurns: state.pending.length,
    run: state.run,
  });
  const remember = (id: string) => {
    seen.add(id);
    state.recentClientMessageIds.push(id);
    if (state.recentClientMessageIds.length > RECENT_IDS_KEPT) seen.delete(state.recentClientMessageIds.shift()!);
  };

  /** `fresh`: every customer turn reads the newest version, so a policy change applies from the next turn on. */
  async function currentPolicy(fresh = false): Promise<PolicySnapshot> {
    if (!policy || policyDirty || fresh) {
      policy = await store.loadEscalationPolicy();
      policyDirty = false;
    }
    return policy;
  }

  function statusAttributes() {
    upsertSearchAttributes([
      { key: SupportStatusKey, value: state.status },
      ...(state.escalation ? [{ key: EscalationReasonKey, value: state.escalation.reason }] : []),
      { key: AssignedAgentKey, value: state.assignee ?? state.lastAssignee ?? null },
      {
        key: SlaDeadlineKey,
        value: state.status === ConversationStatus.AWAITING_AGENT && state.sla ? new Date(state.sla.deadline) : null,
      },
    ] as Parameters<typeof upsertSearchAttributes>[0]);
  }

  /** Writes the read model (row, audit event, NOTIFY to subscribers and to the agents' queue) in one transaction. */
  async function record(kind: string, data: Record<string, unknown>, dedupeKey: string) {
    statusAttributes();
    await durableStore.recordConversationState({
      conversationId,
      status: state.status,
      escalation: state.escalation ?? null,
      sla: state.sla ? { ...state.sla } : null,
      assigneeId: state.assignee ?? null,
      queuePool: state.status === ConversationStatus.AWAITING_AGENT ? (state.sla?.pool ?? []) : [],
      slaDeadline:
        state.status === ConversationStatus.AWAITING_AGENT && state.sla
          ? new Date(state.sla.deadline).toISOString()
          : null,
      preferredAgentId: state.preferredAgent ?? null,
      priority: state.priority ?? 0,
      queueChanged: true,
      event: { kind, data, dedupeKey },
    });
  }

  async function notifyQueued() {
    if (!state.sla) return;
    await notify.notifyAgents({
      conversationId,
      kind: 'QUEUED',
      audience: state.preferredAgent ? [state.preferredAgent, ...state.sla.pool] : state.sla.pool,
      message: `Waiting for an agent (${tier()}, ${state.escalation?.reason ?? 'queue'}); claim by ${new Date(state.sla.deadline).toISOString()}`,
      dedupeKey: `queued-${conversationId}-${state.slaCycles}`,
      tier: tier(),
    });
  }

  /** Into the queue with a fresh SLA cycle; `announce: false` when the caller notifies once the customer is told. */
  async function enterQueue(
    kind: string,
    data: Record<string, unknown>,
    restrictTo?: 'TIER2' | 'LEAD',
    announce = true,
  ) {
    const p = await currentPolicy();
    const keep = state.sla?.pool;
    state.status = ConversationStatus.AWAITING_AGENT;
    state.assignee = null;
    state.leaseDueAt = null;
    state.slaCycles++;
    state.sla = newSlaCycle(p, tier(), Date.now(), state.slaCycles, restrictTo, restrictTo ? undefined : keep);
    wake = true;
    await record(
      kind,
      { ...data, cycle: state.slaCycles, deadline: new Date(state.sla.deadline).toISOString() },
      `${kind}-${state.slaCycles}`,
    );
    if (announce) await notifyQueued();
  }

  async function escalate(
    reason: EscalationTrigger,
    triggers: TriggerEvaluation[],
    extra: Partial<EscalationRecord>,
    turnKey: string,
  ) {
    if (state.status !== ConversationStatus.AI_ACTIVE && state.status !== ConversationStatus.RESOLVED) return;
    const p = await currentPolicy();
    state.escalation = {
      reason,
      category: extra.category ?? null,
      triggers,
      confidence: extra.confidence ?? null,
      sentiment: extra.sentiment ?? null,
      policyVersion: p.version,
      at: new Date().toISOString(),
    };
    // Histories recorded before this change notified agents before telling the customer; they replay as they ran.
    const customerFirst = patched('escalation-notice-before-notify');
    await enterQueue(
      'escalated',
      { reason, category: state.escalation.category, policyVersion: p.version, triggers },
      undefined,
      !customerFirst,
    );
    await store.setConversationSkills({
      conversationId,
      skills: skillsFor(reason, state.escalation.category, input.pageContext.route),
    });
    const [queue] = await Promise.all([
      context.estimateQueue({ conversationId, tier: tier() }),
      context.buildHandoff({ conversationId, escalation: state.escalation }),
    ]);
    await durableStore.persistMessage({
      conversationId,
      authorKind: AuthorKind.SYSTEM,
      body: waitNotice(queue.position, queue.estimatedWaitSeconds, reason),
      clientMessageId: `system-escalated-${turnKey}`,
    });
    // The customer hears first; agents' notifications (Slack and the rest) follow and can never hold the notice up.
    if (customerFirst) await notifyQueued();
  }

  function applyContext(gathered: GatheredContext) {
    state.tier = (gathered?.customer?.tier as CarriedConversationState['tier']) ?? state.tier;
    contextReady = true;
    if (state.tier) upsertSearchAttributes([{ key: CustomerTierKey, value: state.tier }]);
  }

  async function gather(turn: PendingTurn) {
    try {
      return await context.gatherContext({
        conversationId,
        customerId,
        pageContext: turn.pageContext ?? input.pageContext,
      });
    } catch (err) {
      // Context enriches the turn; without it the AI still answers (tier unknown: the strictest defaults apply).
      log.warn('context unavailable', { conversationId, error: String(err) });
      return null;
    }
  }

  const aiTurnDeps: AiTurnDeps = {
    input,
    state,
    tier,
    contextReady: () => contextReady,
    gather,
    applyContext,
    currentPolicy,
    adoptPolicy: (p) => (policy = p),
    escalate,
  };
  const aiTurn = (turn: PendingTurn) => runAiTurn(turn, aiTurnDeps);

  async function handleTurn(turn: PendingTurn) {
    if (state.status === ConversationStatus.AI_ACTIVE) return aiTurn(turn);
    if (state.status === ConversationStatus.RESOLVED && state.resolvedBy === 'AI') {
      // Resolved by the AI: a new message reopens it with the AI.
      state.status = ConversationStatus.AI_ACTIVE;
      state.reopenUntil = null;
      state.resolvedBy = null;
      state.reopens = (state.reopens ?? 0) + 1;
      state.aiTurnsOnProblem = 0;
      await record('reopened', { seq: turn.seq, to: 'AI' }, `reopened-ai-${turn.messageId}`);
      return aiTurn(turn);
    }
    if (state.status === ConversationStatus.RESOLVED) {
      state.reopens = (state.reopens ?? 0) + 1;
      // A message after resolution reopens it, back to the agent who resolved it when they can take it.
      state.preferredAgent = state.lastAssignee ?? null;
      await enterQueue('reopened', { seq: turn.seq, preferredAgent: state.preferredAgent });
      state.reopenUntil = null;
    }
    // Waiting for or talking with a person: the message is stored and seen by the agent; the AI stays silent.
  }

  /** When an AI-only conversation with no customer message since counts as resolved by the AI. */
  function aiResolutionDueAt(): number | null {
    if (state.status !== ConversationStatus.AI_ACTIVE || state.aiReplies === 0 || !state.lastCustomerAt) return null;
    if (!inactivityResolution()) return null;
    return (
      state.lastCustomerAt +
      (policy?.document.aiResolvedAfterInactivitySeconds ?? DEFAULT_AI_RESOLVED_AFTER_INACTIVITY_SECONDS) * 1000
    );
  }

  async function resolveByAi(reason: string) {
    const p = await currentPolicy();
    state.status = ConversationStatus.RESOLVED;
    state.resolvedBy = 'AI';
    state.reopenUntil = Date.now() + (p.document.reopenWindowSeconds ?? DEFAULT_REOPEN_WINDOW_SECONDS) * 1000;
    wake = true;
    await store.recordResolution({ conversationId, resolvedBy: 'AI', summary: reason });
    await record('resolved', { by: 'AI', reason }, `resolved-ai-${state.customerTurns}`);
  }

  setHandler(conversationStateQuery, view);

  registerCustomerHandlers({
    input,
    state,
    view,
    record,
    escalate,
    resolveByAi,
    acceptTurn: (clientMessageId) => {
      if (seen.has(clientMessageId)) return false;
      remember(clientMessageId);
      turnsThisRun++;
      return true;
    },
  });

  registerAgentHandlers({
    conversationId,
    state,
    tier,
    view,
    record,
    enterQueue,
    currentPolicy,
    wakeUp: () => (wake = true),
  });

  registerBillingHandlers({ conversationId, state, record });

  setHandler(policyChangedSignal, () => {
    policyDirty = true;
    wake = true;
  });

  const canLimit = input.continueAsNewAfterTurns ?? 0;
  const shouldContinueAsNew = () => workflowInfo().continueAsNewSuggested || (canLimit > 0 && turnsThisRun >= canLimit);

  for (;;) {
    const wakeAt = nextWakeAt(state, aiResolutionDueAt());
    const ready = () => state.pending.length > 0 || isClosed() || wake || shouldContinueAsNew();
    if (wakeAt === null) await condition(ready);
    else await condition(ready, Math.max(0, wakeAt - Date.now()));
    wake = false;
    if (isClosed()) break;
    if (policyDirty && state.sla && state.status === ConversationStatus.AWAITING_AGENT) {
      const p = await currentPolicy();
      state.sla = replanSlaCycle(state.sla, p, tier());
      await record(
        'policy_applied',
        { policyVersion: p.version, deadline: new Date(state.sla.deadline).toISOString() },
        `policy-${p.version}-${state.sla.cycle}`,
      );
    }
    await fireDueTimers({ conversationId, state, tier, record, enterQueue, resolveByAi, aiResolutionDueAt });
    if (isClosed()) break;
    if (state.pending.length > 0) {
      const turn = state.pending[0];
      await handleTurn(turn);
      state.pending.shift();
      continue;
    }
    if (!shouldContinueAsNew()) continue;
    // Nothing owed: hand over to a fresh run once every in-flight update has finished.
    await condition(allHandlersFinished);
    if (state.pending.length > 0 || isClosed() || wake) continue;
    await continueAsNew<typeof conversationWorkflow>({ ...input, carried: { ...state, run: state.run + 1 } });
  }
  await condition(allHandlersFinished);
  return view();
}
