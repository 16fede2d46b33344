import type { Runnable } from '@langchain/core/runnables';
import type { AppConfig } from '../config';
import type { BillingProvider } from '../integrations/billing/billing.provider';
import type { CrmProvider } from '../integrations/crm/crm.provider';
import { accountAgentResponder } from './account/account-agent';
import { withAccountAnswers } from './account/account-answerer';
import { FreshBilling } from './account/fresh-billing';
import type { KbSource } from './kb-cache';
import { createLocalAnswerer } from './local-answerer';
import { createOpenAiAnswerer, semanticIndexFor } from './openai-answerer';
import type { TurnRequest, TurnResult } from './types';

export interface Answerers {
  /** The AI's answerer: the knowledge base, and the customer's own billing for questions about their account. */
  answerer: Runnable<TurnRequest, TurnResult>;
  /** A knowledge-base answerer over any source (a knowledge replay reads a fixed view with a draft added). */
  answererFor(source: KbSource): Runnable<TurnRequest, TurnResult>;
}

/**
 * The one construction of the answerer, for the worker's turns and the API's suggested replies alike, so an agent's
 * draft comes from exactly what the AI would have said: the local answerer, or the model with AI_PROVIDER=openai.
 */
export function createAnswerers(
  ai: AppConfig['ai'],
  kb: KbSource,
  account: { customers: Pick<CrmProvider, 'lookupCustomer'>; billing: BillingProvider },
): Answerers {
  const semantic = ai.provider === 'openai' ? semanticIndexFor(ai) : null;
  const answererFor = (source: KbSource) =>
    ai.provider === 'openai' ? createOpenAiAnswerer(source, ai, semantic) : createLocalAnswerer(source);
  // Questions about the customer's own account are answered from their billing, read for the question.
  const answerer = withAccountAnswers(answererFor(kb), {
    billing: new FreshBilling(account.customers, account.billing),
    analysis: ai.provider === 'openai' ? createLocalAnswerer(kb) : answererFor(kb),
    responder: ai.provider === 'openai' ? accountAgentResponder(ai) : undefined,
  });
  return { answerer, answererFor };
}
