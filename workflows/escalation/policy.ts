import { addBusinessTime, isOpen } from './business-hours';
import type { EscalationPolicyDocument, SlaAction, Tier } from './escalation.types';

export const TIERS: readonly Tier[] = ['FREE', 'PRO', 'ENTERPRISE'];
export const SLA_ACTIONS: readonly SlaAction[] = ['WARN', 'WIDEN_TO_TIER2', 'PAGE_LEAD_ONCALL'];

/** How long after resolution a customer message reopens the conversation, unless the policy says otherwise. */
export const DEFAULT_REOPEN_WINDOW_SECONDS = 7 * 24 * 3600;
const CATEGORIES = [
  'billing_dispute',
  'security_incident',
  'account_access_takeover',
  'legal_privacy',
  'data_loss',
  'cancellation_with_complaint',
];
const TRIGGERS = ['EXPLICIT_REQUEST', 'CATEGORY', 'FRUSTRATION', 'LOW_CONFIDENCE', 'PATIENCE'];

/** A snapshot the workflow works from: the document and the version it had when loaded. */
export interface PolicySnapshot {
  version: number;
  document: EscalationPolicyDocument;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every problem with a policy document, in words an admin can act on (empty: valid). The document is rejected
 * whole when any is found: unknown tier, threshold outside 0–1, negative time, unknown action, missing field.
 */
export function policyProblems(doc: unknown): string[] {
  const problems: string[] = [];
  if (!isObj(doc)) return ['the policy must be a JSON object'];
  const perTier = (field: string, v: unknown, check: (n: number) => string | null) => {
    if (!isObj(v)) return problems.push(`${field} must be an object keyed by tier`);
    for (const key of Object.keys(v))
      if (!TIERS.includes(key as Tier)) problems.push(`${field} names an unknown tier "${key}"`);
    for (const t of TIERS) {
      const n = v[t];
      if (typeof n !== 'number' || !Number.isFinite(n)) problems.push(`${field}.${t} must be a number`);
      else {
        const p = check(n);
        if (p) problems.push(`${field}.${t} ${p}`);
      }
    }
  };
  const nonNegative = (n: number) => (n < 0 ? 'must not be negative' : null);
  if (doc.tiers !== undefined) {
    if (!Array.isArray(doc.tiers)) problems.push('tiers must be a list');
    else
      for (const t of doc.tiers)
        if (!TIERS.includes(t as Tier)) problems.push(`tiers names an unknown tier "${String(t)}"`);
  }
  perTier('confidenceThreshold', doc.confidenceThreshold, (n) => (n < 0 || n > 1 ? 'must be between 0 and 1' : null));
  const cats = doc.alwaysHumanCategories;
  if (!Array.isArray(cats)) problems.push('alwaysHumanCategories must be a list');
  else
    for (const c of cats)
      if (!CATEGORIES.includes(c as string))
        problems.push(`alwaysHumanCategories names an unknown category "${String(c)}"`);
  if (doc.categoryPrecedence !== undefined) {
    if (!Array.isArray(doc.categoryPrecedence)) problems.push('categoryPrecedence must be a list');
    else
      for (const c of doc.categoryPrecedence)
        if (!CATEGORIES.includes(c as string))
          problems.push(`categoryPrecedence names an unknown category "${String(c)}"`);
  }
  if (!isObj(doc.explicitHumanRequest)) problems.push('explicitHumanRequest must be an object');
  if (!isObj(doc.frustration)) problems.push('frustration must be an object');
  else if (doc.frustration.threshold !== undefined) {
    const th = doc.frustration.threshold;
    if (typeof th !== 'number' || th < 0 || th > 1) problems.push('frustration.threshold must be between 0 and 1');
  }
  if (!isObj(doc.patience)) problems.push('patience must be an object');
  else
    perTier('patience.maxAiTurnsWithoutResolution', doc.patience.maxAiTurnsWithoutResolution, (n) =>
      n < 0 || !Number.isInteger(n) ? 'must be a whole number, not negative' : null,
    );
  if (!Array.isArray(doc.triggerPrecedence)) problems.push('triggerPrecedence must be a list');
  else
    for (const t of doc.triggerPrecedence)
      if (!TRIGGERS.includes(t as string)) problems.push(`triggerPrecedence names an unknown trigger "${String(t)}"`);
  if (!isObj(doc.sla)) problems.push('sla must be an object');
  else {
    perTier('sla.timeToClaimSeconds', doc.sla.timeToClaimSeconds, nonNegative);
    perTier('sla.claimLeaseSeconds', doc.sla.claimLeaseSeconds, nonNegative);
    if (!Array.isArray(doc.sla.ladder)) problems.push('sla.ladder must be a list');
    else
      doc.sla.ladder.forEach((step, i) => {
        if (!isObj(step)) return problems.push(`sla.ladder[${i}] must be an object`);
        if (!SLA_ACTIONS.includes(step.action as SlaAction))
          problems.push(`sla.ladder[${i}].action "${String(step.action)}" is not one of ${SLA_ACTIONS.join(', ')}`);
        if (typeof step.atPercent !== 'number' || step.atPercent < 0)
          problems.push(`sla.ladder[${i}].atPercent must be a number, not negative`);
      });
  }
  if (doc.aiResolvedAfterInactivitySeconds !== undefined) {
    const v = doc.aiResolvedAfterInactivitySeconds;
    if (typeof v !== 'number' || v < 0) problems.push('aiResolvedAfterInactivitySeconds must not be negative');
  }
  if (doc.businessHours !== undefined) {
    const bh = doc.businessHours;
    if (!isObj(bh)) problems.push('businessHours must be an object');
    else {
      if (typeof bh.timezone !== 'string' || !validTimezone(bh.timezone))
        problems.push(`businessHours.timezone "${String(bh.timezone)}" is not an IANA time zone`);
      if (
        !Array.isArray(bh.days) ||
        bh.days.some((d) => !Number.isInteger(d) || (d as number) < 1 || (d as number) > 7)
      )
        problems.push('businessHours.days must list ISO weekdays 1 (Monday) to 7 (Sunday)');
      const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
      if (typeof bh.start !== 'string' || !hhmm.test(bh.start)) problems.push('businessHours.start must be "HH:MM"');
      if (typeof bh.end !== 'string' || !hhmm.test(bh.end)) problems.push('businessHours.end must be "HH:MM"');
      else if (typeof bh.start === 'string' && hhmm.test(bh.start) && bh.end <= bh.start)
        problems.push('businessHours.end must be after businessHours.start');
    }
  }
  if (doc.reopenWindowSeconds !== undefined) {
    const v = doc.reopenWindowSeconds;
    if (typeof v !== 'number' || v < 0) problems.push('reopenWindowSeconds must not be negative');
  }
  return problems;
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

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
