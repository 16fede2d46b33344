import { ConversationStatus } from '../../domain/conversation';
import type { Tier } from '../../domain/escalation';
import type { LadderStep, PolicySnapshot } from '../../domain/policy/sla';
import type { CarriedConversationState, EscalationRecord, SlaCycle } from './conversation.messages';
import { applyStep, newSlaCycle, replanSlaCycle } from './escalation-flow';

/** What the conversation carries in each status: who has it, what clock runs. */
export type ConversationPhase =
  | { status: 'AI_ACTIVE' }
  | { status: 'AWAITING_AGENT'; sla: SlaCycle; preferredAgent: string | null }
  | { status: 'AGENT_ACTIVE'; assignee: string; leaseDueAt: number | null }
  | { status: 'RESOLVED'; resolvedBy: 'AI' | 'AGENT' | null; reopenUntil: number | null }
  | { status: 'CLOSED' };

export type RestrictTo = 'TIER2' | 'LEAD';

/**
 * The conversation's state and the only code that changes its status: each transition is a synchronous, named step
 * (escalate, enterQueue, claim, release, transfer, resolve, reopen, close), so a handler that calls one before its
 * first `await` is seen by every validator that runs after it. The state is the plain object continue-as-new carries,
 * so runs started by older code continue with it as they wrote it.
 */
export class ConversationMachine {
  constructor(readonly state: CarriedConversationState) {}

  get status(): ConversationStatus {
    return this.state.status;
  }

  /** The state as its status shapes it. */
  phase(): ConversationPhase {
    const s = this.state;
    switch (s.status) {
      case 'AWAITING_AGENT':
        return { status: s.status, sla: s.sla!, preferredAgent: s.preferredAgent ?? null };
      case 'AGENT_ACTIVE':
        return { status: s.status, assignee: s.assignee!, leaseDueAt: s.leaseDueAt ?? null };
      case 'RESOLVED':
        return { status: s.status, resolvedBy: s.resolvedBy ?? null, reopenUntil: s.reopenUntil ?? null };
      default:
        return { status: s.status };
    }
  }

  isClosed(): boolean {
    return this.state.status === ConversationStatus.CLOSED;
  }

  withAi(): boolean {
    return this.state.status === ConversationStatus.AI_ACTIVE;
  }

  waiting(): boolean {
    return this.state.status === ConversationStatus.AWAITING_AGENT;
  }

  isAssignee(agentId: string): boolean {
    return this.state.status === ConversationStatus.AGENT_ACTIVE && this.state.assignee === agentId;
  }

  /** A person may be brought in from the AI or after a resolution; false: someone has it already (or it is over). */
  canEscalate(): boolean {
    return this.state.status === ConversationStatus.AI_ACTIVE || this.state.status === ConversationStatus.RESOLVED;
  }

  /** The pool that may claim now (empty unless waiting). */
  queuePool(): string[] {
    return this.waiting() ? (this.state.sla?.pool ?? []) : [];
  }

  escalate(record: EscalationRecord): void {
    this.state.escalation = record;
  }

  /** Into the queue with a fresh SLA cycle; the pool keeps what earlier ladders opened unless a transfer narrows it. */
  enterQueue(policy: PolicySnapshot, tier: Tier, now: number, restrictTo?: RestrictTo): SlaCycle {
    const s = this.state;
    const keep = s.sla?.pool;
    s.status = ConversationStatus.AWAITING_AGENT;
    s.assignee = null;
    s.leaseDueAt = null;
    s.slaCycles++;
    s.sla = newSlaCycle(policy, tier, now, s.slaCycles, restrictTo, restrictTo ? undefined : keep);
    return s.sla;
  }

  claim(agentId: string): void {
    const s = this.state;
    s.status = ConversationStatus.AGENT_ACTIVE;
    s.assignee = agentId;
    s.lastAssignee = agentId;
    s.preferredAgent = null;
  }

  /** The assignee must send a first message by then, or the conversation goes back to the queue. */
  startLease(dueAt: number): void {
    this.state.leaseDueAt = dueAt;
  }

  /** The assignee wrote to the customer: the claim holds. True when a lease was running. */
  engage(): boolean {
    if (!this.state.leaseDueAt) return false;
    this.state.leaseDueAt = null;
    return true;
  }

  /** The agent lets go; `enterQueue` follows. */
  release(agentId: string): void {
    this.state.lastAssignee = agentId;
  }

  /** The lease ran out; `enterQueue` follows. */
  leaseExpired(): void {
    this.state.lastAssignee = this.state.assignee ?? this.state.lastAssignee;
  }

  transferToAgent(toAgentId: string): void {
    this.state.assignee = toAgentId;
    this.state.lastAssignee = toAgentId;
  }

  resolveByAgent(agentId: string, reopenUntil: number): void {
    const s = this.state;
    s.status = ConversationStatus.RESOLVED;
    s.resolvedBy = 'AGENT';
    s.lastAssignee = agentId;
    s.assignee = null;
    s.leaseDueAt = null;
    s.reopenUntil = reopenUntil;
  }

  resolveByAi(reopenUntil: number): void {
    const s = this.state;
    s.status = ConversationStatus.RESOLVED;
    s.resolvedBy = 'AI';
    s.reopenUntil = reopenUntil;
  }

  /** A message after an AI resolution: back to the AI, the patience counter starting again. */
  reopenToAi(): void {
    const s = this.state;
    s.status = ConversationStatus.AI_ACTIVE;
    s.reopenUntil = null;
    s.resolvedBy = null;
    s.reopens = (s.reopens ?? 0) + 1;
    s.aiTurnsOnProblem = 0;
  }

  /** A message after an agent's resolution: back to the queue, offered first to the agent who resolved it. */
  reopenToAgent(): void {
    const s = this.state;
    s.reopens = (s.reopens ?? 0) + 1;
    s.preferredAgent = s.lastAssignee ?? null;
  }

  /** The reopen window is over once the conversation is back in the queue. */
  endReopenWindow(): void {
    this.state.reopenUntil = null;
  }

  close(): void {
    this.state.status = ConversationStatus.CLOSED;
    this.state.pending = [];
  }

  /** The reopen window elapsed. */
  closeAfterReopenWindow(): void {
    this.state.status = ConversationStatus.CLOSED;
  }

  /** A ladder step fell due: its pool widens the queue. */
  fireStep(step: LadderStep, now: number): void {
    const sla = this.state.sla!;
    sla.pool = applyStep(sla, step.action);
    step.firedAt = now;
  }

  /** The waiting period under a newer policy: new due times, fired steps stay fired. */
  replan(policy: PolicySnapshot, tier: Tier): SlaCycle {
    this.state.sla = replanSlaCycle(this.state.sla!, policy, tier);
    return this.state.sla;
  }
}
