/**
 * What a policy backtest counts. Pure types and helpers: the workflow adds up one page's totals at a time, so only
 * these counters (never the conversations) live in workflow state.
 */
import type { EscalationTrigger, Tier } from '../escalation';

export type BacktestStatus = 'RUNNING' | 'COMPLETED' | 'FAILED';

/** Where a page ends: the keyset of the last conversation read (created_at as PostgreSQL text keeps microseconds). */
export interface BacktestCursor {
  createdAt: string;
  id: string;
}

export interface BeforeAfter {
  before: number;
  after: number;
}

/** The counts a backtest reports, as accumulated and as served. */
export interface BacktestCounts {
  conversations: number;
  /** Recorded AI turn decisions read (each replayed until the candidate escalates). */
  turns: number;
  escalationsBefore: number;
  escalationsAfter: number;
  /** Never escalated, would under the candidate. */
  added: number;
  /** Escalated, would not under the candidate. */
  removed: number;
  /** Escalated either way, for another trigger. */
  retriggered: number;
  /**
   * Escalations under the candidate that its auto-assignment would hand to an agent rather than leave in the queue
   * for a claim (0 when the candidate leaves auto-assignment off). Who was online then is not recorded: this is the
   * number offered, each taken when an online agent of the pool has free capacity.
   */
  autoAssigned: number;
}

export interface BacktestTotals extends BacktestCounts {
  byTrigger: Partial<Record<EscalationTrigger, BeforeAfter>>;
  /** Keyed `${tier}|${hourUtc}`: escalations by customer tier and hour of day (UTC) they happened, or would. */
  load: Record<string, BeforeAfter>;
}

const COUNT_KEYS = [
  'conversations',
  'turns',
  'escalationsBefore',
  'escalationsAfter',
  'added',
  'removed',
  'retriggered',
  'autoAssigned',
] as const satisfies ReadonlyArray<keyof BacktestCounts>;
const countsOf = (value: (key: keyof BacktestCounts) => number): BacktestCounts =>
  Object.fromEntries(COUNT_KEYS.map((k) => [k, value(k)])) as unknown as BacktestCounts;

export function emptyTotals(): BacktestTotals {
  return { ...countsOf(() => 0), byTrigger: {}, load: {} };
}

function addInto<K extends string>(into: Partial<Record<K, BeforeAfter>>, from: Partial<Record<K, BeforeAfter>>): void {
  for (const key of Object.keys(from) as K[]) {
    const v = from[key]!;
    const cur = into[key] ?? { before: 0, after: 0 };
    into[key] = { before: cur.before + v.before, after: cur.after + v.after };
  }
}

/** a + b, as a new object (workflow state is replaced, never shared with an activity result). */
export function mergeTotals(a: BacktestTotals, b: BacktestTotals): BacktestTotals {
  // `?? 0`: totals a running backtest accumulated before a count existed lack it.
  const out: BacktestTotals = { ...countsOf((k) => (a[k] ?? 0) + (b[k] ?? 0)), byTrigger: {}, load: {} };
  addInto(out.byTrigger, a.byTrigger);
  addInto(out.byTrigger, b.byTrigger);
  addInto(out.load, a.load);
  addInto(out.load, b.load);
  return out;
}

export const loadKey = (tier: Tier, hour: number) => `${tier}|${hour}`;

/** The report as stored and served: the totals with their maps turned into sorted lists. */
export interface BacktestReportData extends BacktestCounts {
  byTrigger: Array<{ trigger: EscalationTrigger } & BeforeAfter>;
  loadByTierHour: Array<{ tier: Tier; hour: number } & BeforeAfter>;
}

const TIER_ORDER: Record<string, number> = { FREE: 0, PRO: 1, ENTERPRISE: 2 };

export function toReport(t: BacktestTotals, triggers: readonly EscalationTrigger[]): BacktestReportData {
  return {
    ...countsOf((k) => t[k] ?? 0),
    byTrigger: triggers.map((trigger) => ({
      trigger,
      before: t.byTrigger[trigger]?.before ?? 0,
      after: t.byTrigger[trigger]?.after ?? 0,
    })),
    loadByTierHour: Object.entries(t.load)
      .map(([key, v]) => {
        const [tier, hour] = key.split('|');
        return { tier: tier as Tier, hour: Number(hour), before: v.before, after: v.after };
      })
      .sort((x, y) => (TIER_ORDER[x.tier] ?? 9) - (TIER_ORDER[y.tier] ?? 9) || x.hour - y.hour),
  };
}
