import type { AlwaysHumanCategory, EscalationTrigger, SlaAction, Tier } from '../../domain/escalation';
import { initialPool, poolAfter, slaPlan, type PolicySnapshot } from '../../domain/policy/sla';
import { estimateWait } from '../../domain/wait-estimate';
import type { SlaCycle } from './conversation.messages';

/** Which agent skills a conversation wants first in the queue (skills rank, they never hide). */
export function skillsFor(
  reason: EscalationTrigger,
  category: AlwaysHumanCategory | null,
  route?: string | null,
): string[] {
  switch (category) {
    case 'billing_dispute':
    case 'cancellation_with_complaint':
      return ['billing'];
    case 'security_incident':
    case 'account_access_takeover':
      return ['security'];
    case 'legal_privacy':
      return ['privacy'];
    case 'data_loss':
      return ['technical'];
    default:
      break;
  }
  if (route?.startsWith('/integrations')) return ['integrations'];
  if (route?.startsWith('/settings/billing')) return ['billing'];
  if (route?.startsWith('/onboarding')) return ['onboarding'];
  return reason === 'AI_UNAVAILABLE' || reason === 'PATIENCE' ? ['technical'] : [];
}

/** A new waiting period starting `now`; the pool keeps what earlier ladders opened unless a transfer narrows it. */
export function newSlaCycle(
  policy: PolicySnapshot,
  tier: Tier,
  now: number,
  cycle: number,
  restrictTo?: 'TIER2' | 'LEAD',
  keepPool?: string[],
): SlaCycle {
  const plan = slaPlan(policy.document, tier, now);
  const pool = restrictTo
    ? poolAfter([], restrictTo)
    : keepPool && keepPool.length > 0
      ? [...keepPool]
      : initialPool(policy.document, now);
  return { cycle, startedAt: now, deadline: plan.deadline, steps: plan.steps, restrictTo, pool };
}

/** The same cycle under a newer policy: new due times, fired steps stay fired. */
export function replanSlaCycle(sla: SlaCycle, policy: PolicySnapshot, tier: Tier): SlaCycle {
  const plan = slaPlan(policy.document, tier, sla.startedAt);
  const fired = new Map(sla.steps.filter((s) => s.firedAt !== null).map((s) => [s.action, s.firedAt]));
  return {
    ...sla,
    deadline: plan.deadline,
    steps: plan.steps.map((s) => ({ ...s, firedAt: fired.get(s.action) ?? null })),
  };
}

export function applyStep(sla: SlaCycle, action: SlaAction): string[] {
  const fired = sla.steps.filter((s) => s.firedAt !== null).map((s) => s.action);
  const pool = new Set([...sla.pool, ...poolAfter([...fired, action], sla.restrictTo)]);
  return [...pool];
}

export function waitNotice(
  position: number | null,
  estimatedWaitSeconds: number | null,
  reason: EscalationTrigger,
): string {
  const lead =
    reason === 'LOW_CONFIDENCE'
      ? "I'm not confident I can answer this correctly, so I'm bringing in a person from our team rather than guess."
      : reason === 'AI_UNAVAILABLE'
        ? "I can't answer right now, so I'm bringing in a person from our team."
        : "I'm bringing in a person from our team to help with this.";
  const where = position !== null ? ` You're number ${position} in line` : '';
  const wait =
    estimatedWaitSeconds !== null ? `${where ? ',' : ' The'} usual wait is ${formatWait(estimatedWaitSeconds)}` : '';
  const tail = where || wait ? `${where}${wait}.` : '';
  return `${lead}${tail} They'll see everything you've written here, so you won't need to repeat yourself.`;
}

function formatWait(seconds: number): string {
  const w = estimateWait(seconds);
  if (w.unit === 'underMinute') return 'under a minute';
  if (w.unit === 'minutes') return w.count === 1 ? 'about a minute' : `about ${w.count} minutes`;
  return `about ${w.count} hours`; // from 90 minutes: at least 2
}
