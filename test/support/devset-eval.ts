import { decideEscalation } from '../../domain/decide';
import type { AlwaysHumanCategory, EscalationPolicyDocument, Tier } from '../../domain/escalation';
import { ESCALATION_TRIGGERS } from '../../domain/vocabulary';
import { analyzeTurn, type PageContextInput } from '../../src/ai/analysis/analyze-turn';
import { KbIndex, type KbArticleInput } from '../../src/ai/analysis/kb-index';
import type { Lexicon } from '../../src/ai/analysis/lexicon';

export interface LabelledConversation {
  id: string;
  customerId: string;
  pageContext: PageContextInput;
  turns: string[];
  expected: {
    outcome: 'AI_RESOLVES' | 'ESCALATE';
    articleId?: string;
    atTurn?: number;
    trigger?: string;
    category?: string;
  };
  note?: string;
}

export interface CustomerRecord {
  id: string;
  tier: Tier;
  /** The plan's name ("Pro", "Growth"): what the answer says about it comes last. */
  plan?: string;
}

export interface Prediction {
  outcome: 'AI_RESOLVES' | 'ESCALATE';
  atTurn?: number;
  trigger?: string;
  category?: AlwaysHumanCategory | null;
  articleId?: string | null;
  evidence?: string | null;
}

export interface DevSetReport {
  total: number;
  decisionAccuracy: number;
  fullyCorrectAccuracy: number;
  perTrigger: Record<string, { precision: number; recall: number; tp: number; predicted: number; expected: number }>;
  misses: Array<{ id: string; expected: string; predicted: string; evidence: string | null; note?: string }>;
}

/** Runs the labelling procedure on one conversation: analyse each turn in order, escalate at the first trigger. */
export function predictConversation(
  conv: LabelledConversation,
  kb: KbIndex,
  policy: EscalationPolicyDocument,
  tier: Tier,
): Prediction {
  let counter = 0;
  const cited: string[] = [];
  for (let i = 0; i < conv.turns.length; i++) {
    const signals = analyzeTurn({
      turns: conv.turns.slice(0, i + 1),
      pageContext: conv.pageContext,
      kb,
      categoryPrecedence: policy.categoryPrecedence,
    });
    const decision = decideEscalation(signals, policy, tier, counter);
    counter = decision.aiTurnsOnProblem;
    if (decision.escalate && decision.reason) {
      const evaluation = decision.evaluations.find((e) => e.kind === decision.reason);
      return {
        outcome: 'ESCALATE',
        atTurn: i,
        trigger: decision.reason,
        category: decision.category,
        evidence: evaluation?.evidence ?? null,
      };
    }
    if (!signals.problem.smallTalk && signals.answer.articleId) cited.push(signals.answer.articleId);
  }
  return { outcome: 'AI_RESOLVES', articleId: mostCitedArticle(cited) };
}

function describe(p: {
  outcome: string;
  atTurn?: number;
  trigger?: string;
  category?: string | null;
  articleId?: string | null;
}): string {
  return p.outcome === 'ESCALATE'
    ? `ESCALATE@${p.atTurn} ${p.trigger}${p.category ? `/${p.category}` : ''}`
    : `AI_RESOLVES ${p.articleId ?? '-'}`;
}

/** Predicts every conversation offline (analysis + decision, no Temporal) and scores the predictions. */
export function evaluateDevSet(
  conversations: LabelledConversation[],
  kbArticles: KbArticleInput[],
  policy: EscalationPolicyDocument,
  customers: CustomerRecord[],
  lexicon?: Lexicon,
): DevSetReport {
  const kb = KbIndex.build(kbArticles, lexicon);
  const tiers = new Map(customers.map((c) => [c.id, c.tier]));
  const predictions = conversations.map((conv) => {
    const tier = tiers.get(conv.customerId);
    if (!tier) throw new Error(`unknown customer ${conv.customerId} in ${conv.id}`);
    return predictConversation(conv, kb, policy, tier);
  });
  return scorePredictions(conversations, predictions);
}

/** The article a conversation that stayed with the AI is credited with: cited most often, on a tie the first. */
export function mostCitedArticle(cited: string[]): string | null {
  const counts = new Map<string, number>();
  for (const id of cited) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || cited.indexOf(a[0]) - cited.indexOf(b[0]))[0]?.[0] ?? null;
}

/**
 * Scores predictions against the labels by the README's definitions: the decision (escalate vs resolve) and
 * "fully correct" (same turn, trigger and category, or the right article), with per-trigger precision and recall.
 */
export function scorePredictions(conversations: LabelledConversation[], predictions: Prediction[]): DevSetReport {
  const labels = [...ESCALATION_TRIGGERS, 'AI_RESOLVES'];
  const tally = new Map(labels.map((l) => [l, { tp: 0, predicted: 0, expected: 0 }]));
  let decisions = 0;
  let fully = 0;
  const misses: DevSetReport['misses'] = [];
  conversations.forEach((conv, i) => {
    const p = predictions[i];
    const e = conv.expected;
    const expectedLabel = e.outcome === 'ESCALATE' ? e.trigger! : 'AI_RESOLVES';
    const predictedLabel = p.outcome === 'ESCALATE' ? p.trigger! : 'AI_RESOLVES';
    tally.get(expectedLabel)!.expected++;
    tally.get(predictedLabel)!.predicted++;
    const decisionRight = p.outcome === e.outcome;
    const full =
      decisionRight &&
      (e.outcome === 'ESCALATE'
        ? p.atTurn === e.atTurn && p.trigger === e.trigger && (p.category ?? undefined) === (e.category ?? undefined)
        : p.articleId === e.articleId);
    if (expectedLabel === predictedLabel && (e.outcome === 'AI_RESOLVES' || p.atTurn === e.atTurn))
      tally.get(expectedLabel)!.tp++;
    if (decisionRight) decisions++;
    if (full) fully++;
    else
      misses.push({
        id: conv.id,
        expected: describe(e),
        predicted: describe(p),
        evidence: p.evidence ?? null,
        note: conv.note,
      });
  });
  const perTrigger: DevSetReport['perTrigger'] = {};
  for (const [label, t] of tally) {
    if (label === 'AI_UNAVAILABLE' && t.predicted === 0 && t.expected === 0) continue;
    perTrigger[label] = {
      precision: t.predicted > 0 ? t.tp / t.predicted : 1,
      recall: t.expected > 0 ? t.tp / t.expected : 1,
      ...t,
    };
  }
  const n = conversations.length;
  return { total: n, decisionAccuracy: decisions / n, fullyCorrectAccuracy: fully / n, perTrigger, misses };
}

export function formatReport(r: DevSetReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `conversations: ${r.total}`,
    `decision accuracy (escalate vs resolve): ${pct(r.decisionAccuracy)}`,
    `fully correct: ${pct(r.fullyCorrectAccuracy)}`,
    'per trigger (tp / predicted / expected; precision, recall):',
    ...Object.entries(r.perTrigger).map(
      ([k, v]) => `  ${k.padEnd(16)} ${v.tp}/${v.predicted}/${v.expected}  P=${pct(v.precision)} R=${pct(v.recall)}`,
    ),
    `misses (${r.misses.length}):`,
    ...r.misses.map(
      (m) => `  ${m.id}: expected ${m.expected}, got ${m.predicted}${m.evidence ? ` [${m.evidence}]` : ''}`,
    ),
  ];
  return lines.join('\n');
}
