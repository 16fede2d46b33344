import type { EscalationDecision, EscalationPolicyDocument, Tier, TriggerEvaluation, TurnSignals } from './escalation';

import { DEFAULT_FRUSTRATION_THRESHOLD } from './policy/defaults';

/**
 * Decides one customer turn: a pure function of the turn's signals, the policy snapshot and the patience counter,
 * so it runs inside the workflow and replays deterministically. The first trigger in the policy's precedence wins.
 */
export function decideEscalation(
  signals: TurnSignals,
  policy: EscalationPolicyDocument,
  tier: Tier,
  aiTurnsOnProblemBefore: number,
): EscalationDecision {
  const category =
    signals.category.category && policy.alwaysHumanCategories.includes(signals.category.category)
      ? signals.category.category
      : null;
  const frustrationThreshold = policy.frustration.threshold ?? DEFAULT_FRUSTRATION_THRESHOLD;
  const confidenceThreshold = policy.confidenceThreshold[tier];
  const patienceLimit = policy.patience.maxAiTurnsWithoutResolution[tier];
  const aiTurnsOnProblem = signals.problem.smallTalk
    ? aiTurnsOnProblemBefore
    : signals.problem.continuesPrevious
      ? aiTurnsOnProblemBefore + 1
      : 1;

  const evaluations: TriggerEvaluation[] = [
    {
      kind: 'EXPLICIT_REQUEST',
      fired: signals.explicitRequest.detected && policy.explicitHumanRequest.escalateImmediately,
      score: signals.explicitRequest.detected ? 1 : 0,
      threshold: null,
      evidence: signals.explicitRequest.evidence,
    },
    {
      kind: 'CATEGORY',
      fired: category !== null,
      score: signals.category.score,
      threshold: null,
      evidence: signals.category.evidence,
    },
    {
      kind: 'FRUSTRATION',
      fired: policy.frustration.escalate && signals.frustration.score >= frustrationThreshold,
      score: signals.frustration.score,
      threshold: frustrationThreshold,
      evidence: signals.frustration.evidence,
    },
    {
      kind: 'LOW_CONFIDENCE',
      fired: !signals.problem.smallTalk && signals.answer.confidence < confidenceThreshold,
      score: signals.answer.confidence,
      threshold: confidenceThreshold,
      evidence: signals.answer.evidence,
    },
    {
      kind: 'PATIENCE',
      fired: aiTurnsOnProblem > patienceLimit,
      score: aiTurnsOnProblem,
      threshold: patienceLimit,
      evidence: `${aiTurnsOnProblem} AI ${aiTurnsOnProblem === 1 ? 'answer' : 'answers'} needed on this problem; the ${tier} limit is ${patienceLimit}`,
    },
  ];
  const fired = new Set(evaluations.filter((e) => e.fired).map((e) => e.kind));
  const reason = policy.triggerPrecedence.find((t) => fired.has(t)) ?? null;
  return {
    escalate: reason !== null,
    reason,
    category: reason === 'CATEGORY' ? category : null,
    evaluations,
    aiTurnsOnProblem,
  };
}
