/**
 * The escalation vocabulary: what the analysis of one customer turn yields (TurnSignals), the policy document's
 * shape, and the decision. Pure types: loaded inside the workflow sandbox.
 */
import type { AlwaysHumanCategory, EscalationTrigger, PolicyTrigger, SlaAction, Tier } from './vocabulary';

export { ESCALATION_TRIGGERS } from './vocabulary';
export type { AlwaysHumanCategory, EscalationTrigger, SlaAction, Tier } from './vocabulary';

/** What the analysis of one customer turn found, each with evidence in words a person reads. */
export interface TurnSignals {
  explicitRequest: { detected: boolean; evidence: string | null };
  /** The always-human category this turn belongs to (null: none), after categoryPrecedence. */
  category: { category: AlwaysHumanCategory | null; score: number; evidence: string | null };
  /** 0–1 for this turn given the earlier turns (repetition, anger, caps with urgency, "Nth time"). */
  frustration: { score: number; signals: string[]; evidence: string | null };
  /** How sure the AI is that the knowledge base answers this turn (0–1), and the article it would cite first. */
  answer: { confidence: number; articleId: string | null; evidence: string | null };
  /**
   * continuesPrevious: the turn is about the same unresolved problem as the previous one (a report that it still
   * fails, the next troubleshooting detail), so it needs another AI answer on that problem.
   * smallTalk: a greeting or an acknowledgement; never low-confidence.
   */
  problem: { continuesPrevious: boolean; smallTalk: boolean };
}

export interface EscalationPolicyDocument {
  version?: string;
  description?: string;
  tiers: Tier[];
  confidenceThreshold: Record<Tier, number>;
  alwaysHumanCategories: AlwaysHumanCategory[];
  categoryPrecedence: AlwaysHumanCategory[];
  explicitHumanRequest: { escalateImmediately: boolean; anyLanguage?: boolean; negatedRequestsDoNotCount?: boolean };
  frustration: { escalate: boolean; signals?: string[]; notSignals?: string[]; /** default 0.5 */ threshold?: number };
  patience: { maxAiTurnsWithoutResolution: Record<Tier, number> };
  triggerPrecedence: PolicyTrigger[];
  sla: {
    metric?: string;
    timeToClaimSeconds: Record<Tier, number>;
    ladder: Array<{ atPercent: number; action: SlaAction }>;
    claimLeaseSeconds: Record<Tier, number>;
  };
  aiResolvedAfterInactivitySeconds?: number;
  /** How long after resolution a customer message reopens the conversation (default 7 days). */
  reopenWindowSeconds?: number;
  /** Absent: the SLA clock runs 24/7. Present: it runs in these hours, and after hours on-call agents are the pool. */
  businessHours?: { timezone: string; days: number[]; start: string; end: string };
  /**
   * Absent or off: agents claim from the queue. On: an escalated conversation is handed, through the same claim, to
   * an online agent of its pool with the skills it wants and free capacity, round robin (longest since their last).
   */
  autoAssign?: { enabled: boolean };
}

export interface TriggerEvaluation {
  kind: EscalationTrigger;
  fired: boolean;
  score: number | null;
  threshold: number | null;
  evidence: string | null;
}

export interface EscalationDecision {
  escalate: boolean;
  reason: EscalationTrigger | null;
  category: AlwaysHumanCategory | null;
  evaluations: TriggerEvaluation[];
  /** AI answers on the current problem after this turn (the PATIENCE counter carried to the next turn). */
  aiTurnsOnProblem: number;
}
