import type { Tier } from '../../domain/escalation';
import { notify } from './activity-proxies';
import type { CarriedConversationState } from './conversation.messages';
import { ConversationStatus } from '../../domain/conversation';
import { applyStep } from './escalation-flow';

/** The durable timers of a conversation: SLA ladder steps, the claim lease, AI resolution, the reopen window. */
export interface TimerDeps {
  conversationId: string;
  state: CarriedConversationState;
  tier(): Tier;
  record(kind: string, data: Record<string, unknown>, dedupeKey: string): Promise<void>;
  enterQueue(kind: string, data: Record<string, unknown>): Promise<void>;
  resolveByAi(reason: string): Promise<void>;
  aiResolutionDueAt(): number | null;
}

/** The next instant a timer falls due (the main loop sleeps until then, or until a message or handler wakes it). */
export function nextWakeAt(state: CarriedConversationState, aiDue: number | null): number | null {
  const times: number[] = [];
  if (state.status === ConversationStatus.AWAITING_AGENT && state.sla) {
    for (const s of state.sla.steps) if (s.firedAt === null) times.push(s.dueAt);
  }
  if (state.status === ConversationStatus.AGENT_ACTIVE && state.leaseDueAt) times.push(state.leaseDueAt);
  if (state.status === ConversationStatus.RESOLVED && state.reopenUntil) times.push(state.reopenUntil);
  if (aiDue !== null) times.push(aiDue);
  return times.length ? Math.min(...times) : null;
}

/** Fires every timer that is due, in order: ladder steps, lease expiry, the end of the reopen window. */
export async function fireDueTimers(deps: TimerDeps): Promise<void> {
  const { conversationId, state, tier, record, enterQueue, resolveByAi, aiResolutionDueAt } = deps;
  const now = Date.now();
  const aiDue = aiResolutionDueAt();
  if (aiDue !== null && aiDue <= now) await resolveByAi('no customer message since the last AI answer');
  if (state.status === ConversationStatus.AWAITING_AGENT && state.sla) {
    for (const step of state.sla.steps) {
      if (step.firedAt !== null || step.dueAt > now) continue;
      state.sla.pool = applyStep(state.sla, step.action);
      step.firedAt = now;
      await record(
        'sla_step',
        {
          action: step.action,
          atPercent: step.atPercent,
          dueAt: new Date(step.dueAt).toISOString(),
          firedAt: new Date(now).toISOString(),
          pool: state.sla.pool,
        },
        `sla-${state.sla.cycle}-${step.action}`,
      );
      await notify.notifyAgents({
        conversationId,
        kind: step.action,
        audience: step.action === 'PAGE_LEAD_ONCALL' ? ['LEAD', 'ONCALL'] : state.sla.pool,
        message: `${step.action} at ${step.atPercent}% of the ${tier()} time-to-claim target: conversation still unclaimed`,
        dedupeKey: `sla-${conversationId}-${state.sla.cycle}-${step.action}`,
        tier: tier(),
      });
    }
  }
  if (state.status === ConversationStatus.AGENT_ACTIVE && state.leaseDueAt && state.leaseDueAt <= now) {
    const agent = state.assignee;
    state.lastAssignee = agent ?? state.lastAssignee;
    await enterQueue('claim_lease_expired', { agentId: agent });
  }
  if (state.status === ConversationStatus.RESOLVED && state.reopenUntil && state.reopenUntil <= now) {
    state.status = ConversationStatus.CLOSED;
    await record('conversation_closed', { by: 'system', reason: 'reopen window elapsed' }, `closed-${conversationId}`);
  }
}
