import { accountCustomers } from './support/account-customers';
import { customerTurn, startStack, token } from './support/stack';
import { startStripeAccounts, type StripeAccountsServer } from './stubs/stripe-accounts';
import { formatDay } from '../src/ai/account/format';

/**
 * An account question through the whole system: a customer message over GraphQL, the conversation workflow on the
 * Temporal dev server, the worker's answerer reading this customer's Stripe account (the per-customer local Stripe,
 * through the real SDK) for the question.
 */
type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let stripe: StripeAccountsServer;
// The seeded demo customers: their accounts in the local Stripe carry our fixtures' figures.
const priya = { id: 'cus-01', email: 'priya@brightloop.io' };
const tom = { id: 'cus-02', email: 'tom.becker@kleinwerk.de' };
const [paid, unpaid] = accountCustomers();

beforeAll(async () => {
  stripe = await startStripeAccounts([
    { ...paid.stripe!, email: priya.email },
    { ...unpaid.stripe!, email: tom.email },
  ]);
  stack = await startStack('account', { STRIPE_API_KEY: 'sk_test_account', STRIPE_API_BASE: stripe.url });
}, 600_000);
afterAll(async () => {
  await stack?.stop();
  await stripe?.stop();
});

describe('account questions in a conversation', () => {
  it('answers each customer from their own invoices, in their language, and keeps the conversation with the AI', async () => {
    const a = await customerTurn(stack.port, token('customer', priya.id), null, 'Is my last invoice paid?');
    const paidOn = formatDay((paid.facts.lastPaidOn as { day: string }).day, 'en');
    expect(a.reply.authorKind).toBe('AI');
    expect(a.reply.body).toBe(
      `Yes: your latest invoice RUIZ01-0007 for $150.00, issued on ${paidOn}, was paid on ${paidOn}.`,
    );
    expect(a.conversation.status).toBe('AI_ACTIVE');

    const b = await customerTurn(stack.port, token('customer', tom.id), null, 'Ist meine letzte Rechnung bezahlt?');
    const dueOn = formatDay((unpaid.facts.openDueOn as { day: string }).day, 'de');
    expect(b.reply.body).toContain('90,00 €');
    expect(b.reply.body).toContain(dueOn);
    expect(b.reply.body).not.toContain('150');
    // Tom's question read Tom's account only.
    const asked = stripe.requests.filter((r) => r.email === tom.email || r.customer === unpaid.stripe!.customer.id);
    expect(asked.length).toBeGreaterThan(0);
  });
});
