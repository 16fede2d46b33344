import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { condition, workflowInfo } from '@temporalio/workflow';
import { hasPatch } from './patches';
import { upsertChanged } from './search-attributes';
import { AuthorKind } from '../../domain/conversation';
import type { EscalationTrigger, Tier, TriggerEvaluation } from '../../domain/escalation';
import type {
  ConversationEvent,
  ConversationEventData,
  ConversationEventKind,
  QueueEntry,
  QueueEntryData,
  QueueEntryKind,
} from '../../domain/events';
import {
  DEFAULT_AI_RESOLVED_AFTER_INACTIVITY_SECONDS,
  DEFAULT_REOPEN_WINDOW_SECONDS,
} from '../../domain/policy/defaults';
import type { PolicySnapshot } from '../../domain/policy/sla';
import {
  AssignedAgentKey,
  EscalationReasonKey,
  SlaDeadlineKey,
  SupportStatusKey,
} from '../../domain/search-attributes';
import { goOnPast } from '../common/go-on';
import { durableStore, escalationContext, notify, store } from './activity-proxies';
import { ConversationMachine, type RestrictTo } from './conversation-machine';
import type {
  CarriedConversationState,
  ConversationStateView,
  ConversationWorkflowInput,
  EscalationRecord,
} from './conversation.messages';
import { CustomerContext } from './customer-context';
import { skillsFor, waitNotice } from './escalation-flow';

const RECENT_IDS_KEPT = 200;

/**
 * One run of a conversation workflow: its state machine, the policy it works from, and the steps that write the read
 * model around a transition (record, enter the queue, escalate, resolve). Handlers, the AI turn and the timers all
 * act through it; it replaces the closures the workflow function used to hand each of them.
 */
export class ConversationRun {
  readonly machine: ConversationMachine;
  /** A handler changed timers: the main loop recomputes its next wake-up. */
  wake = false;
  policyDirty = false;
  turnsThisRun = 0;
  private policy: PolicySnapshot | null = null;
  /** Escalations in progress: from the decision to the agents' notification (see afterEscalation). */
  private escalating = 0;
  readonly context: CustomerContext;
  private readonly seen: Set<string>;
  // Conversations started before AI resolution by inactivity existed keep running without that timer.
  private inactivityPatch: boolean | null = null;

  constructor(readonly input: ConversationWorkflowInput) {
    const state: CarriedConversationState = input.carried ?? {
      status: 'AI_ACTIVE',
      recentClientMessageIds: [],
      pending: [],
      customerTurns: 0,
      aiReplies: 0,
      run: 1,
      slaCycles: 0,
      aiTurnsOnProblem: 0,
      recentTurns: [],
    };
    this.machine = new ConversationMachine(state);
    this.seen = new Set(state.recentClientMessageIds);
    this.context = new CustomerContext(this);
  }

  get state(): CarriedConversationState {
    return this.machine.state;
  }

  get conversationId(): string {
    return this.input.conversationId;
  }

  /** Whose conversation it is: the starting customer, or the customer an anonymous visitor signed in as. */
  get customerId(): string {
    return this.state.owner ?? this.input.customerId;
  }

  /** The visitor signed in: the next turn reads the new owner's context (tier, CRM, billing) afresh. */
  changeOwner(customerId: string): void {
    this.state.owner = customerId;
    this.context.forget();
  }

  tier(): Tier {
    return this.state.tier ?? this.context.startTier() ?? 'FREE';
  }

  view(): ConversationStateView {
    const s = this.state;
    return {
      status: s.status,
      customerId: this.customerId,
      tier: s.tier,
      assignee: s.assignee ?? null,
      escalationReason: s.escalation?.reason ?? null,
      pool: this.machine.queuePool(),
      customerTurns: s.customerTurns,
      aiReplies: s.aiReplies,
      pendingTurns: s.pending.length,
      run: s.run,
    };
  }

  /** True the first time this run sees a client message id (resends earn no second turn). */
  acceptTurn(clientMessageId: string): boolean {
    if (this.seen.has(clientMessageId)) return false;
    this.seen.add(clientMessageId);
    const ids = this.state.recentClientMessageIds;
    ids.push(clientMessageId);
    if (ids.length > RECENT_IDS_KEPT) this.seen.delete(ids.shift()!);
    this.turnsThisRun++;
    return true;
  }

  /** `fresh`: every customer turn reads the newest version, so a policy change applies from the next turn on. */
  async currentPolicy(fresh = false): Promise<PolicySnapshot> {
    if (!this.policy || this.policyDirty || fresh) {
      this.adoptPolicy(await store.loadEscalationPolicy());
      this.policyDirty = false;
    }
    return this.policy!;
  }

  /** The AI activity read the newest policy: the run works from it (and the next run knows its inactivity time). */
  adoptPolicy(p: PolicySnapshot): void {
    this.policy = p;
    this.state.aiResolvedAfterInactivitySeconds = p.document.aiResolvedAfterInactivitySeconds;
  }

  /** The search attributes ops filter on (upserted when one changes). */
  private statusAttributes(): void {
    const s = this.state;
    const pairs = [
      { key: SupportStatusKey, value: s.status },
      ...(s.escalation ? [{ key: EscalationReasonKey, value: s.escalation.reason }] : []),
      { key: AssignedAgentKey, value: s.assignee ?? s.lastAssignee ?? null },
      { key: SlaDeadlineKey, value: this.machine.waiting() && s.sla ? new Date(s.sla.deadline) : null },
    ] as SearchAttributeUpdatePair[];
    upsertChanged(pairs);
  }

  /** Writes the read model (row, audit event, NOTIFY to subscribers and to the agents' queue) in one transaction. */
  async record<K extends ConversationEventKind>(
    kind: K,
    data: ConversationEventData<K>,
    dedupeKey: string,
  ): Promise<void> {
    await this.write(kind, data, dedupeKey);
  }

  private async write(kind: ConversationEventKind, data: object, dedupeKey: string): Promise<void> {
    this.statusAttributes();
    const s = this.state;
    const waiting = this.machine.waiting();
    await durableStore.recordConversationState({
      conversationId: this.conversationId,
      status: s.status,
      escalation: s.escalation ?? null,
      sla: s.sla ? { ...s.sla } : null,
      assigneeId: s.assignee ?? null,
      queuePool: this.machine.queuePool(),
      slaDeadline: waiting && s.sla ? new Date(s.sla.deadline).toISOString() : null,
      preferredAgentId: s.preferredAgent ?? null,
      priority: s.priority ?? 0,
      queueChanged: true,
      event: { kind, data, dedupeKey } as ConversationEvent & { dedupeKey: string },
    });
  }

  async notifyQueued(): Promise<void> {
    const s = this.state;
    if (!s.sla) return;
    const sla = s.sla;
    // A notification that keeps failing never fails the conversation: the queue and the ladder go on.
    await goOnPast({ where: 'notify_agents', conversationId: this.conversationId, kind: 'QUEUED' }, () =>
      notify.notifyAgents({
        conversationId: this.conversationId,
        kind: 'QUEUED',
        audience: s.preferredAgent ? [s.preferredAgent, ...sla.pool] : sla.pool,
        message: `Waiting for an agent (${this.tier()}, ${s.escalation?.reason ?? 'queue'}); claim by ${new Date(sla.deadline).toISOString()}`,
        dedupeKey: `queued-${this.conversationId}-${s.slaCycles}`,
        tier: this.tier(),
      }),
    );
  }

  /** Into the queue with a fresh SLA cycle; `announce: false` when the caller notifies once the customer is told. */
  async enterQueue<K extends QueueEntryKind>(
    kind: K,
    data: QueueEntryData<K>,
    restrictTo?: RestrictTo,
    announce = true,
  ): Promise<void> {
    const p = await this.currentPolicy();
    const sla = this.machine.enterQueue(p, this.tier(), Date.now(), restrictTo);
    this.wake = true;
    const entry: QueueEntry = { cycle: sla.cycle, deadline: new Date(sla.deadline).toISOString() };
    // A queue entry's payload is its kind's own fields plus the entry (QueueEntryData<K> is exactly the former).
    await this.write(kind, { ...data, ...entry }, `${kind}-${sla.cycle}`);
    if (announce) await this.notifyQueued();
  }

  /**
   * Waits for an escalation in flight to finish its steps. Two coroutines running local activities at once (the
   * escalation's writes and a claim's) see their results in completion order when they run, but in scheduling order
   * when the history replays: a claim whose write finished first completed its Update before the escalation scheduled
   * its notification, and after it on replay (TMPRL1100). One writer at a time orders both the same way. Histories
   * recorded before this wait replay without it.
   */
  async afterEscalation(): Promise<void> {
    if (this.escalating > 0 && hasPatch('claim-waits-for-escalation')) await condition(() => this.escalating === 0);
  }

  /** Hands the conversation to people: the customer is told their place in line, then agents are notified. */
  async escalate(
    reason: EscalationTrigger,
    triggers: TriggerEvaluation[],
    extra: Partial<EscalationRecord>,
    turnKey: string,
    withoutAiTurn = false,
  ): Promise<void> {
    await this.context.settled(); // the handoff shows the account
    if (!this.machine.canEscalate()) return;
    this.escalating++;
    try {
      await this.escalateSteps(reason, triggers, extra, turnKey, withoutAiTurn);
    } finally {
      this.escalating--;
    }
  }

  private async escalateSteps(
    reason: EscalationTrigger,
    triggers: TriggerEvaluation[],
    extra: Partial<EscalationRecord>,
    turnKey: string,
    withoutAiTurn: boolean,
  ): Promise<void> {
    // Without an AI turn just before (a button press, an AI that could not answer) the run's policy is the one the
    // last answered turn read, possibly long ago: read the newest version, so the decision and the ladder use its
    // times. Histories from before this read replay without it.
    const p = await this.currentPolicy(withoutAiTurn && hasPatch('escalation-without-ai-turn-reads-newest-policy'));
    const escalation: EscalationRecord = {
      reason,
      category: extra.category ?? null,
      triggers,
      confidence: extra.confidence ?? null,
      sentiment: extra.sentiment ?? null,
      policyVersion: p.version,
      at: new Date().toISOString(),
    };
    this.machine.escalate(escalation);
    // Histories recorded before this change notified agents before telling the customer; they replay as they ran.
    const customerFirst = hasPatch('escalation-notice-before-notify');
    await this.enterQueue(
      'escalated',
      { reason, category: escalation.category, policyVersion: p.version, triggers },
      undefined,
      !customerFirst,
    );
    const { conversationId } = this;
    await store.setConversationSkills({
      conversationId,
      skills: skillsFor(reason, escalation.category, this.input.pageContext.route),
    });
    // Neither may fail the conversation: without the estimate the customer is told without a place in line; without
    // the handoff the agent reads the transcript (each failure is logged and counted by the worker).
    const [queue] = await Promise.all([
      goOnPast({ where: 'estimate_queue', conversationId }, () =>
        escalationContext.estimateQueue({ conversationId, tier: this.tier() }),
      ),
      goOnPast({ where: 'build_handoff', conversationId }, () =>
        escalationContext.buildHandoff({ conversationId, escalation }),
      ),
    ]);
    await durableStore.persistMessage({
      conversationId,
      authorKind: AuthorKind.SYSTEM,
      body: waitNotice(queue?.position ?? null, queue?.estimatedWaitSeconds ?? null, reason),
      clientMessageId: `system-escalated-${turnKey}`,
    });
    // The customer hears first; agents' notifications (Slack and the rest) follow and can never hold the notice up.
    if (customerFirst) await this.notifyQueued();
  }

  /** When an AI-only conversation with no customer message since counts as resolved by the AI. */
  aiResolutionDueAt(): number | null {
    const s = this.state;
    if (!this.machine.withAi() || s.aiReplies === 0 || !s.lastCustomerAt) return null;
    if (!(this.inactivityPatch ??= hasPatch('ai-resolution-by-inactivity'))) return null;
    const after = this.policy
      ? (this.policy.document.aiResolvedAfterInactivitySeconds ?? DEFAULT_AI_RESOLVED_AFTER_INACTIVITY_SECONDS)
      : (s.aiResolvedAfterInactivitySeconds ?? DEFAULT_AI_RESOLVED_AFTER_INACTIVITY_SECONDS);
    return s.lastCustomerAt + after * 1000;
  }

  async reopenUntil(): Promise<number> {
    const p = await this.currentPolicy();
    return Date.now() + (p.document.reopenWindowSeconds ?? DEFAULT_REOPEN_WINDOW_SECONDS) * 1000;
  }

  async resolveByAi(reason: string): Promise<void> {
    this.machine.resolveByAi(await this.reopenUntil());
    this.wake = true;
    await store.recordResolution({ conversationId: this.conversationId, resolvedBy: 'AI', summary: reason });
    await this.record('resolved', { by: 'AI', reason }, `resolved-ai-${this.state.customerTurns}`);
  }

  /** Continue-as-new when Temporal suggests it, or after the input's turn limit (tests). */
  shouldContinueAsNew(): boolean {
    const limit = this.input.continueAsNewAfterTurns ?? 0;
    return workflowInfo().continueAsNewSuggested || (limit > 0 && this.turnsThisRun >= limit);
  }
}
