import type { AlwaysHumanCategory, TurnSignals } from '../../domain/escalation';
import type { PolicySnapshot } from '../../domain/policy/sla';
import type { AiSource, PageContext } from '../../domain/conversation';

export interface TurnRequest {
  /** The customer's message this turn answers. */
  question: string;
  /** Whose conversation it is: account questions are answered from this customer's billing only. */
  customerId?: string;
  /** The customer's earlier turns in this conversation, oldest first. */
  previousTurns: string[];
  pageContext?: PageContext;
  /** The customer's plan ("Pro", "Growth") when known: the answer adds what the article says about it. */
  plan?: string;
  /** The policy's order among always-human categories when a turn fits several. */
  categoryPrecedence?: AlwaysHumanCategory[];
}

export interface TurnResult {
  /** The reply the customer gets when the conversation stays with the AI. */
  answer: string;
  confidence: number;
  /** Best first. */
  sources: AiSource[];
  /** What the escalation decision reads: explicit request, category, frustration, confidence, problem thread. */
  signals: TurnSignals;
  /** The policy version the turn was analysed under (the AI activity reads the newest). */
  policy?: PolicySnapshot;
  /** Tokens spent on this turn (LLM providers). */
  usage?: { inputTokens: number; outputTokens: number; model: string };
}
