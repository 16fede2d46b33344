import { addBusinessTime, isOpen } from '../business-hours';
import type { EscalationPolicyDocument } from '../escalation';
import type { SlaAction, Tier } from '../vocabulary';

/** A snapshot the workflow works from: the document and the version it had when loaded. */
export interface PolicySnapshot {
  version: number;
  document: EscalationPolicyDocument;
}

export interface LadderStep {
  action: SlaAction;
  atPercent: number;
  dueAt: number;
  firedAt: number | null;
}

/** The claim deadline and the ladder for one waiting period that started at `from` (epoch ms). */
export function slaPlan(
  policy: EscalationPolicyDocument,
  tier: Tier,
  from: number,
): { deadline: number; steps: LadderStep[] } {
  const targetMs = policy.sla.timeToClaimSeconds[tier] * 1000;
  const bh = policy.businessHours;
  const steps = [...policy.sla.ladder]
    .sort((a, b) => a.atPercent - b.atPercent)
    .map((s) => ({
      action: s.action,
      atPercent: s.atPercent,
      dueAt: addBusinessTime(from, Math.round((targetMs * s.atPercent) / 100), bh),
      firedAt: null,
    }));
  return { deadline: addBusinessTime(from, targetMs, bh), steps };
}

/** After hours (by the policy's business hours) the on-call agents are the pool; otherwise the tiers. */
export function initialPool(policy: EscalationPolicyDocument, now: number): string[] {
  return policy.businessHours && !isOpen(now, policy.businessHours) ? ['ONCALL'] : poolAfter([]);
}

/** Who may claim from the queue after the given ladder steps have fired. */
export function poolAfter(fired: SlaAction[], restrictTo?: 'TIER2' | 'LEAD'): string[] {
  if (restrictTo === 'LEAD') return ['LEAD', 'ONCALL'];
  const pool = restrictTo === 'TIER2' ? ['TIER2'] : ['TIER1'];
  if (fired.includes('WIDEN_TO_TIER2') && !pool.includes('TIER2')) pool.push('TIER2');
  if (fired.includes('PAGE_LEAD_ONCALL')) pool.push('LEAD', 'ONCALL');
  return pool;
}

export function agentEligible(pool: string[], agent: { tier: string; onCall: boolean }): boolean {
  return pool.includes(agent.tier) || (agent.onCall && pool.includes('ONCALL'));
}
