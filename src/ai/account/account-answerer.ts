import { RunnableLambda, type Runnable } from '@langchain/core/runnables';
import type { TurnSignals } from '../../../domain/escalation';
import type { TurnRequest, TurnResult } from '../types';
import { composeAccountAnswer, type AccountAnswer } from './compose';
import type { AccountSnapshot } from './fresh-billing';
import { detectAccountIntent, type AccountIntent, type AccountLanguage } from './intents';

/** Confidence of an answer read from the account itself, and of one that says the data is not there. */
const ANSWERED = 0.95;
const SAID_SO = 0.8;

export interface AccountQuestion {
  question: string;
  intent: AccountIntent;
  language: AccountLanguage;
  snapshot: AccountSnapshot;
}

/** Writes the answer from the snapshot: the templates, or a model with read-only tools over the same snapshot. */
export interface AccountResponder {
  respond(q: AccountQuestion): Promise<AccountAnswer & { usage?: TurnResult['usage'] }>;
}

export const templateResponder: AccountResponder = {
  respond: async (q) => composeAccountAnswer(q.intent, q.language, q.snapshot.billing, q.question),
};

export interface AccountAnswererDeps {
  /** The customer's billing, read for the question (see FreshBilling). */
  billing: { read(customerId: string): Promise<AccountSnapshot> };
  /** The turn's other signals (a request for a person, frustration, categories) come from this analysis. */
  analysis: Runnable<TurnRequest, TurnResult>;
  responder?: AccountResponder;
}

function accountSignals(analysed: TurnSignals, a: AccountAnswer, readAt: string): TurnSignals {
  // A question about the state of the account is not a dispute, whatever words it shares with one.
  const category =
    analysed.category.category === 'billing_dispute'
      ? { category: null, score: 0, evidence: `a question about the account's own ${a.intent.replace(/_/g, ' ')}` }
      : analysed.category;
  return {
    ...analysed,
    category,
    answer: {
      confidence: a.outcome === 'answered' && !a.offersPerson ? ANSWERED : a.outcome === 'action' ? 0 : SAID_SO,
      articleId: null,
      evidence:
        a.outcome === 'unavailable'
          ? `account question (${a.intent}): billing data not available, said so and offered a person`
          : `account question (${a.intent}) answered from the customer's billing read at ${readAt}`,
    },
    problem: { ...analysed.problem, smallTalk: false },
  };
}

/**
 * The answerer with questions about the customer's own account (invoices, charges, plan and seats, renewal, trial,
 * refunds, failing payments) answered from their billing, read for the question; everything else goes to `base`
 * unchanged. Same runnable shape, so every caller of an answerer (the workflow's turn, an agent's suggested reply)
 * gets the same answers. Without a customer id (a knowledge replay) nothing is read and `base` answers.
 */
export function withAccountAnswers(
  base: Runnable<TurnRequest, TurnResult>,
  deps: AccountAnswererDeps,
): Runnable<TurnRequest, TurnResult> {
  const responder = deps.responder ?? templateResponder;
  return RunnableLambda.from(async (request: TurnRequest, config): Promise<TurnResult> => {
    const detected = request.customerId ? detectAccountIntent(request.question) : null;
    // A request to move money (a refund, a dispute) is the policy's: the base analysis sends it to a person.
    if (!detected || detected.intent === 'action' || !request.customerId) return base.invoke(request, config);
    const [analysed, snapshot] = await Promise.all([
      deps.analysis.invoke(request, config),
      deps.billing.read(request.customerId),
    ]);
    const q = { question: request.question, intent: detected.intent, language: detected.language };
    const a: AccountAnswer & { usage?: TurnResult['usage'] } = await responder.respond({ ...q, snapshot });
    const signals = accountSignals(analysed.signals, a, snapshot.readAt);
    return {
      answer: a.answer,
      confidence: signals.answer.confidence,
      sources: [],
      signals,
      ...(a.usage ? { usage: a.usage } : {}),
    };
  }).withConfig({ runName: 'accountAnswerer' });
}
