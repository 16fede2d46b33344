import { readFileSync } from 'node:fs';
import path from 'node:path';
import { withAccountAnswers } from '../src/ai/account/account-answerer';
import { FreshBilling } from '../src/ai/account/fresh-billing';
import { detectAccountIntent } from '../src/ai/account/intents';
import { StaticKb } from '../src/ai/kb-cache';
import { createLocalAnswerer } from '../src/ai/local-answerer';
import { StripeBilling } from '../src/integrations/billing/stripe.provider';
import { accountCustomers } from './support/account-customers';
import { ACCOUNT_QUESTIONS, formatAccountReport, runAccountEval } from './support/account-eval';
import { startStripeAccounts } from './stubs/stripe-accounts';

describe('answers about the customer’s own account', () => {
  it('answers every labelled account-status question right or hands off honestly, never with a wrong figure', async () => {
    const report = await runAccountEval();
    console.log(formatAccountReport(report));
    expect(ACCOUNT_QUESTIONS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ACCOUNT_QUESTIONS.map((q) => q.lang))).toEqual(new Set(['en', 'fr', 'de', 'es']));
    expect(report.failures).toEqual([]);
    expect(report.rightAnswers + report.honestHandoffs).toBe(report.total);
    expect(report.honestHandoffs).toBeGreaterThanOrEqual(10);
    expect(report.wrongFigures).toBe(0);
    expect(report.otherCustomersData).toBe(0);
    expect(report.foreignReads).toBe(0);
  });

  it('leaves how-to questions and requests for money back to the knowledge base and the policy', () => {
    for (const q of [
      'no need for an agent, just tell me where the invoice is',
      'do viewers count towards our seat count?',
      'How often does HubSpot data refresh on our plan?',
      "what's your refund policy if we cancel an annual plan partway through the year?",
      'how do I cancel our subscription?',
      'How do I add seats to my plan?',
    ]) {
      expect({ q, intent: detectAccountIntent(q) }).toEqual({ q, intent: null });
    }
    expect(detectAccountIntent('You charged me twice this month and I want my money back.')?.intent).toBe('action');
    expect(detectAccountIntent('Pourquoi ma carte a-t-elle été refusée ?')).toMatchObject({
      intent: 'payment_failing',
      language: 'fr',
    });
  });

  it('reads billing fresh for the question: a refund made during the conversation shows within the minute', async () => {
    const [ana] = accountCustomers();
    const stripe = await startStripeAccounts([ana.stripe!]);
    try {
      let now = Date.now();
      const billing = new StripeBilling({ apiKey: 'sk_test_fresh', apiBase: stripe.url });
      const lookup = async (id: string) =>
        id === ana.id ? { ...ana, tier: 'PRO' as const, plan: null, seats: 1, mrrUsd: 0, notes: null } : null;
      const fresh = new FreshBilling({ lookupCustomer: lookup }, billing, { maxAgeMs: 120_000, now: () => now });
      const kb = JSON.parse(readFileSync(path.join(__dirname, '..', 'data', 'demo', 'kb.json'), 'utf8'));
      const base = createLocalAnswerer(new StaticKb(kb));
      const answerer = withAccountAnswers(base, { billing: fresh, analysis: base });
      const ask = () =>
        answerer.invoke({ question: 'Did my refund go through?', customerId: ana.id, previousTurns: [] });

      expect((await ask()).answer).toMatch(/^I don't see any refund on your account\./);
      const reads = stripe.requests.length;
      // An agent refunds $120.00 of the older charge while the customer waits.
      const charge = ana.stripe!.charges[1] as { id: string; refunds: { data: unknown[] }; amount_refunded: number };
      charge.refunds.data.push({
        id: 're_midconversation1',
        object: 'refund',
        charge: charge.id,
        amount: 12000,
        currency: 'usd',
        status: 'succeeded',
        reason: 'requested_by_customer',
        created: Math.floor(now / 1000),
      });
      charge.amount_refunded = 12000;
      now += 10_000;
      expect((await ask()).answer).toMatch(/^I don't see any refund/);
      expect(stripe.requests.length).toBe(reads);
      now += 51_000;
      const after = await ask();
      expect(after.answer).toMatch(
        /^Yes: your refund of \$120\.00 \(for the \$120\.00 charge on .+\) went through on /,
      );
      expect(after.signals.answer.confidence).toBeGreaterThan(0.9);
      // Only Ana's account was ever asked about.
      expect(new Set(stripe.requests.map((r) => r.customer ?? r.email))).toEqual(
        new Set([ana.email, ana.stripe!.customer.id]),
      );
    } finally {
      await stripe.stop();
    }
  });

  it('answers a customer unknown to us, or without a conversation customer, from the knowledge base as before', async () => {
    const kb = JSON.parse(readFileSync(path.join(__dirname, '..', 'data', 'demo', 'kb.json'), 'utf8'));
    const base = createLocalAnswerer(new StaticKb(kb));
    const read = jest.fn();
    const answerer = withAccountAnswers(base, { billing: { read }, analysis: base });
    const withoutCustomer = await answerer.invoke({ question: 'Is my last invoice paid?', previousTurns: [] });
    expect(read).not.toHaveBeenCalled();
    expect(withoutCustomer.answer).toBe(
      (await base.invoke({ question: 'Is my last invoice paid?', previousTurns: [] })).answer,
    );
  });
});
