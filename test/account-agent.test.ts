import { readFileSync } from 'node:fs';
import path from 'node:path';
import { accountAgentResponder } from '../src/ai/account/account-agent';
import { withAccountAnswers } from '../src/ai/account/account-answerer';
import { formatDay } from '../src/ai/account/format';
import { FreshBilling } from '../src/ai/account/fresh-billing';
import { StaticKb } from '../src/ai/kb-cache';
import { createLocalAnswerer } from '../src/ai/local-answerer';
import { StripeBilling } from '../src/integrations/billing/stripe.provider';
import { accountCustomers, type AccountCustomer } from './support/account-customers';
import { startOpenAiStub, type ChatRequest, type OpenAiStub } from './stubs/openai-stub';
import { startStripeAccounts, type StripeAccountsServer } from './stubs/stripe-accounts';

/**
 * The account answers with AI_PROVIDER=openai: a LangChain agent over read-only tools scoped to the customer,
 * against the local OpenAI-compatible stub (tool calls in the Chat Completions wire format) and the per-customer
 * Stripe, read by the real SDK.
 */
let llm: OpenAiStub;
let stripe: StripeAccountsServer;
let chloe: AccountCustomer;
const kb = JSON.parse(readFileSync(path.join(__dirname, '..', 'data', 'demo', 'kb.json'), 'utf8'));

beforeAll(async () => {
  const customers = accountCustomers();
  chloe = customers.find((c) => c.id === 'acct-failed')!;
  [llm, stripe] = await Promise.all([
    startOpenAiStub(),
    startStripeAccounts(customers.flatMap((c) => (c.stripe ? [c.stripe] : []))),
  ]);
});
afterAll(async () => Promise.all([llm?.stop(), stripe?.stop()]));

function answererFor(options: { fallbackModel?: string } = {}) {
  const byId = new Map(accountCustomers().map((c) => [c.id, c]));
  const lookup = async (id: string) => {
    const c = byId.get(id);
    return c ? { ...c, tier: 'PRO' as const, plan: null, seats: 1, mrrUsd: 0, notes: null } : null;
  };
  const billing = new FreshBilling(
    { lookupCustomer: lookup },
    new StripeBilling({ apiKey: 'sk_test_agent', apiBase: stripe.url }),
  );
  const local = createLocalAnswerer(new StaticKb(kb));
  const settings = { apiKey: 'sk-test', baseUrl: llm.url, model: 'primary-model', timeoutMs: 5000, ...options };
  return withAccountAnswers(local, { billing, analysis: local, responder: accountAgentResponder(settings) });
}

const toolResults = (req: ChatRequest) => req.messages.filter((m) => m.role === 'tool');
const failedOn = () => formatDay((chloe.facts.failedOn as { day: string }).day, 'en');

/** The model: first asks for the charges, then answers with what the tool returned. */
function agentModel(answer: (failedDay: string) => string) {
  return (req: ChatRequest) =>
    toolResults(req).length === 0
      ? { tool: 'list_charges', arguments: {} }
      : {
          tool: 'account_answer',
          arguments: { answer: answer(failedOn()), dataAvailable: true, needsPerson: false },
        };
}

beforeEach(() => {
  llm.requests.length = 0;
});

describe('the account agent (AI_PROVIDER=openai)', () => {
  it('calls a read-only tool for this customer and answers from its result, with PII redacted before the model', async () => {
    llm.respond = agentModel((d) => `Yes: your payment of $480.00 on ${d} failed (Your card was declined.).`);
    const question =
      "Hi, I'm Chloé Martin from Atelier Martin (chloe@atelier-martin.example, customer cus_FailChloe03, invoice " +
      'MART03-0011, card 4242 4242 4242 4242, from 203.0.113.9). Is my payment failing?';
    const result = await answererFor().invoke({ question, customerId: chloe.id, previousTurns: [] });

    expect(result.answer).toBe(`Yes: your payment of $480.00 on ${failedOn()} failed (Your card was declined.).`);
    expect(result.signals.answer.evidence).toMatch(/^account question \(payment_failing\)/);
    expect(result.usage).toMatchObject({ inputTokens: 840, outputTokens: 120 });
    const [first, second] = llm.requests.map((r) => r.body);
    expect(first.tools?.map((t) => t.function.name)).toEqual(
      expect.arrayContaining(['get_subscription', 'list_invoices', 'list_charges', 'list_refunds', 'account_answer']),
    );
    const sent = JSON.stringify(first.messages);
    for (const secret of ['Chloé', 'Martin', 'chloe@', 'cus_FailChloe03', 'MART03-0011', '4242 4242', '203.0.113.9']) {
      expect({ secret, leaked: sent.includes(secret) }).toEqual({ secret, leaked: false });
    }
    expect(sent).toContain('[REDACTED_EMAIL]');
    expect(sent).toContain('Is my payment failing?');
    // The tool result is Chloé's own charges, written in the reply's language.
    const tool = toolResults(second)[0].content ?? '';
    expect(tool).toContain('$480.00');
    expect(tool).toContain('Your card was declined.');
    expect(tool).not.toContain('$150.00');
  });

  it('sends the templated answer instead when the model states a figure the account does not hold', async () => {
    llm.respond = agentModel(() => 'Your payment of $999.00 failed on March 3, 2020.');
    const result = await answererFor().invoke({
      question: 'Is my payment failing?',
      customerId: chloe.id,
      previousTurns: [],
    });
    expect(result.answer).toMatch(/^Yes: your payment of \$480\.00 on .+ failed \(Your card was declined\.\)/);
    expect(result.answer).not.toContain('999');
  });

  it('asks the fallback model (OPENAI_FALLBACK_MODEL) when the first one fails', async () => {
    const fluent = agentModel((d) => `Your $480.00 payment on ${d} was declined.`);
    llm.respond = (req) =>
      req.model === 'primary-model'
        ? { status: 503, body: { error: { message: 'overloaded', type: 'server_error' } } }
        : fluent(req);
    const result = await answererFor({ fallbackModel: 'fallback-model' }).invoke({
      question: 'Is my payment failing?',
      customerId: chloe.id,
      previousTurns: [],
    });
    expect(result.answer).toBe(`Your $480.00 payment on ${failedOn()} was declined.`);
    const models = llm.requests.map((r) => r.body.model);
    expect(models).toContain('primary-model');
    expect(models.filter((m) => m === 'fallback-model').length).toBe(2);
  });

  it('stops a model that keeps calling tools at the limit and answers from the same data', async () => {
    llm.respond = () => ({ tool: 'list_invoices', arguments: {} });
    const result = await answererFor().invoke({
      question: 'Is my last invoice paid?',
      customerId: chloe.id,
      previousTurns: [],
    });
    expect(llm.requests.length).toBeLessThanOrEqual(5);
    expect(result.answer).toMatch(/^Not yet: your latest invoice MART03-0011 for \$480\.00/);
  });
});
