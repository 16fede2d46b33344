/**
 * Replays one conversation's recorded turn decisions under a candidate policy. Pure: the same decideEscalation()
 * the conversation workflow runs, over the signals each turn recorded, with the patience counter recomputed turn by
 * turn, stopping at the first turn the candidate escalates.
 */
import { decideEscalation } from '../decide';
import { isTier } from '../vocabulary';
import type {
  AlwaysHumanCategory,
  EscalationPolicyDocument,
  EscalationTrigger,
  Tier,
  TriggerEvaluation,
  TurnSignals,
} from '../escalation';
import type { ConversationEventData, ConversationEventKind, TurnDecidedV1, TurnDecidedV3 } from '../events';
import { type BacktestTotals, emptyTotals, loadKey } from './counts';

/** The audit events a backtest reads (conversation_events rows of these kinds, in id order). */
export const REPLAYED_EVENT_KINDS = [
  'turn_decided',
  'escalated',
  'reopened',
] as const satisfies readonly ConversationEventKind[];

/**
 * What the replay reads of a `turn_decided` payload: every stored shape has these (older ones lack the signals and
 * the tier, which are then rebuilt from the evaluations and the conversation).
 */
export type ReplayedTurn = Pick<
  TurnDecidedV1,
  'escalate' | 'category' | 'evaluations' | 'confidence' | 'frustration' | 'continuesPrevious' | 'aiTurnsOnProblem'
> &
  Partial<Pick<TurnDecidedV3, 'signals' | 'tier'>>;

/** One recorded event of a kind the replay reads, with what it reads of its payload. */
export type RecordedEvent = {
  /** When it was recorded (ISO). */
  at: string;
} & (
  | { kind: 'turn_decided'; data: ReplayedTurn }
  | { kind: 'escalated'; data: Pick<ConversationEventData<'escalated'>, 'reason'> }
  | { kind: 'reopened'; data: { to?: 'AI' } }
);

export interface RecordedConversation {
  id: string;
  tier: string | null;
  events: RecordedEvent[];
}

export interface Escalation {
  trigger: EscalationTrigger;
  at: string;
}

export interface ConversationOutcome {
  conversationId: string;
  tier: Tier;
  turns: number;
  /** What happened: the conversation's first escalation (null: it never reached a person). */
  before: Escalation | null;
  /** What the candidate would have done with the same turns. */
  after: Escalation | null;
  /** Escalated under a candidate with auto-assignment on: handed to an agent instead of waiting for a claim. */
  autoAssigned?: boolean;
}

const asTier = (v: unknown): Tier | null => (isTier(v) ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
function isSignals(v: unknown): v is TurnSignals {
  return (
    isObj(v) &&
    ['explicitRequest', 'category', 'frustration', 'answer', 'problem'].every((k) => isObj(v[k])) &&
    num((v.answer as Record<string, unknown>).confidence) !== null
  );
}

/**
 * The signals a turn_decided event recorded; events written before signals were recorded whole are rebuilt from
 * their evaluations and counters. `counterBefore` is the recorded patience counter before this turn.
 */
export function signalsOf(data: ReplayedTurn, counterBefore: number, candidate: EscalationPolicyDocument): TurnSignals {
  if (isSignals(data.signals)) return data.signals;
  const evaluations = Array.isArray(data.evaluations) ? (data.evaluations as TriggerEvaluation[]) : [];
  const ev = (kind: EscalationTrigger) => evaluations.find((e) => e?.kind === kind);
  const explicit = ev('EXPLICIT_REQUEST');
  const cat = ev('CATEGORY');
  const frustration = ev('FRUSTRATION');
  const low = ev('LOW_CONFIDENCE');
  const confidence = num(data.confidence) ?? num(low?.score) ?? 1;
  // Only the winning trigger's category was recorded. A category that fired unnamed keeps firing as long as the
  // candidate names any always-human category (which one it was is not known).
  const named = typeof data.category === 'string' ? (data.category as AlwaysHumanCategory) : null;
  const category = named ?? (cat?.fired ? (candidate.alwaysHumanCategories[0] ?? null) : null);
  const after = num(data.aiTurnsOnProblem) ?? counterBefore + 1;
  const continuesPrevious =
    typeof data.continuesPrevious === 'boolean' ? data.continuesPrevious : after === counterBefore + 1 && after > 1;
  // LOW_CONFIDENCE answers it when the confidence was under the recorded threshold: small talk never fires it.
  // Otherwise the counter does: small talk leaves it where it was (1 → 1 is read as a new problem, not small talk).
  const threshold = num(low?.threshold);
  const smallTalk =
    low && threshold !== null && confidence < threshold
      ? !low.fired
      : !continuesPrevious && after === counterBefore && after !== 1;
  return {
    explicitRequest: { detected: (num(explicit?.score) ?? 0) >= 1, evidence: explicit?.evidence ?? null },
    category: { category, score: num(cat?.score) ?? 0, evidence: cat?.evidence ?? null },
    frustration: {
      score: num(data.frustration) ?? num(frustration?.score) ?? 0,
      signals: [],
      evidence: frustration?.evidence ?? null,
    },
    answer: { confidence, articleId: null, evidence: low?.evidence ?? null },
    problem: { continuesPrevious, smallTalk },
  };
}

/**
 * Before: the first `escalated` event. After: the first turn the candidate escalates; an escalation that no turn
 * decision caused (the "talk to a person" button, AI_UNAVAILABLE) stays as it was unless a turn escalates earlier.
 * A turn that escalated in fact ends what was recorded: if the candidate keeps it with the AI, it stays unescalated.
 */
export function replayConversation(c: RecordedConversation, candidate: EscalationPolicyDocument): ConversationOutcome {
  const conversationTier = asTier(c.tier);
  let tier: Tier = conversationTier ?? 'FREE';
  let before: Escalation | null = null;
  let after: Escalation | null = null;
  let counter = 0; // the candidate's patience counter
  let recordedCounter = 0; // the counter the recorded decisions ran with
  let turnEscalated = false; // the next `escalated` event is the recorded turn's own
  let turns = 0;
  for (const e of c.events) {
    if (e.kind === 'turn_decided') {
      turns++;
      // The tier the decision used (recorded since signals are); older events: the conversation's.
      const turnTier = asTier(e.data.tier) ?? conversationTier ?? 'FREE';
      if (!conversationTier) tier = turnTier;
      if (!after) {
        const decision = decideEscalation(signalsOf(e.data, recordedCounter, candidate), candidate, turnTier, counter);
        if (decision.escalate && decision.reason) after = { trigger: decision.reason, at: e.at };
        else counter = decision.aiTurnsOnProblem;
      }
      turnEscalated = e.data.escalate === true;
      if (!turnEscalated) recordedCounter = num(e.data.aiTurnsOnProblem) ?? recordedCounter + 1;
    } else if (e.kind === 'escalated') {
      const trigger = e.data.reason;
      if (!before) before = { trigger, at: e.at };
      if (!after && !turnEscalated) after = { trigger, at: e.at };
      turnEscalated = false;
    } else if (e.kind === 'reopened' && e.data.to === 'AI') {
      // Reopened to the AI: a new problem, the workflow starts its counter again.
      counter = 0;
      recordedCounter = 0;
    }
  }
  return {
    conversationId: c.id,
    tier,
    turns,
    before,
    after,
    autoAssigned: !!after && candidate.autoAssign?.enabled === true,
  };
}

const hourOf = (iso: string) => new Date(iso).getUTCHours();

/** One page's totals. */
export function totalsOf(outcomes: ConversationOutcome[]): BacktestTotals {
  const t = emptyTotals();
  const bump = (map: Record<string, { before: number; after: number }>, key: string, side: 'before' | 'after') => {
    map[key] ??= { before: 0, after: 0 };
    map[key][side]++;
  };
  for (const o of outcomes) {
    t.conversations++;
    t.turns += o.turns;
    if (o.before) {
      t.escalationsBefore++;
      bump(t.byTrigger, o.before.trigger, 'before');
      bump(t.load, loadKey(o.tier, hourOf(o.before.at)), 'before');
    }
    if (o.after) {
      t.escalationsAfter++;
      bump(t.byTrigger, o.after.trigger, 'after');
      bump(t.load, loadKey(o.tier, hourOf(o.after.at)), 'after');
    }
    if (!o.before && o.after) t.added++;
    else if (o.before && !o.after) t.removed++;
    else if (o.before && o.after && o.before.trigger !== o.after.trigger) t.retriggered++;
    if (o.autoAssigned) t.autoAssigned++;
  }
  return t;
}

/** The outcome differs: escalated or not, or for another trigger. */
export const changed = (o: ConversationOutcome) => (o.before?.trigger ?? null) !== (o.after?.trigger ?? null);
