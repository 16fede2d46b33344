import { startStripeMock, type StripeMock } from './support/stripe-mock';
import { signStripePayload } from '../src/integrations/billing/stripe-webhook';
import { CONVERSATION, cid, customerTurn, errorCode, gql, SEND, startStack, token, waitFor } from './support/stack';
import { startRecordingProxy } from './stubs/recording-proxy';

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let stripeMock: StripeMock;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
const WEBHOOK_SECRET = 'whsec_test_0123456789abcdef';

beforeAll(async () => {
  stripeMock = await startStripeMock();
  proxy = await startRecordingProxy(stripeMock.url);
  stack = await startStack('billing', {
    STRIPE_API_KEY: 'sk_test_123',
    STRIPE_API_BASE: proxy.url,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });
}, 600_000);
afterAll(async () => {
  await stack?.stop();
  await proxy?.stop();
  await stripeMock?.stop();
});

const PROPOSE = `mutation($id: ID!, $i: BillingActionInput!) {
  proposeBillingAction(conversationId: $id, input: $i) { id status kind amountCents stripeId proposedBy }
}`;
const APPROVE = `mutation($id: ID!) { approveBillingAction(id: $id) { id status stripeId approvedBy } }`;
const CONTEXT = `query($id: ID!) { conversation(id: $id) {
  handoff { account flags }
  context {
    customer { tier }
    crm { provider available }
    billing { available subscriptionStatus plan recentInvoices { id status amountDue currency } }
  }
  billingActions { id status }
} }`;

async function claimedDispute(customerId: string, agentId: string) {
  const { id } = await customerTurn(
    stack.port,
    token('customer', customerId),
    null,
    'You charged our card twice this month. I want the duplicate refunded.',
  );
  await gql(
    stack.port,
    token('agent', agentId),
    `mutation($id: ID!) { claimConversation(conversationId: $id) { id } }`,
    { id },
  );
  await gql(stack.port, token('agent', agentId), SEND, {
    input: { conversationId: id, body: 'Looking into the charges now.', clientMessageId: cid() },
  });
  return id;
}

describe('Stripe, against stripe-mock', () => {
  it('the handoff shows CRM and Stripe context for an escalated conversation', async () => {
    const id = await claimedDispute('cus-16', 'agt-1');
    const c = (await gql(stack.port, token('agent', 'agt-1'), CONTEXT, { id })).data!.conversation;
    expect(c.context.crm).toEqual({ provider: 'builtin', available: true });
    expect(c.context.billing.available).toBe(true);
    expect(c.context.billing.plan).toEqual(expect.any(String));
    expect(c.context.billing.recentInvoices[0]).toEqual({
      id: expect.stringMatching(/^in_/),
      status: expect.any(String),
      amountDue: expect.any(Number),
      currency: expect.stringMatching(/^[a-z]{3}$/),
    });
    expect(c.handoff.account).toMatchObject({
      customerId: 'cus-16',
      tier: 'PRO',
      crm: { provider: 'builtin', available: true },
      billing: { available: true },
    });
    expect(c.handoff.account.billing.recentInvoices.length).toBeGreaterThan(0);
    // Customers see none of it.
    const mine = (await gql(stack.port, token('customer', 'cus-16'), CONTEXT, { id })).data!.conversation;
    expect(mine).toMatchObject({ context: null, handoff: null, billingActions: [] });
  });

  it('a refund moves money only on approval by a second billing agent, and only once', async () => {
    const id = await claimedDispute('cus-09', 'agt-3'); // agt-3 has the billing skill
    const refundsBefore = () =>
      proxy.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v1/refunds')).length;
    const baseline = refundsBefore();
    const input = { kind: 'REFUND', amountCents: 100, currency: 'usd', reason: 'duplicate charge', chargeId: 'ch_1' };
    expect(errorCode(await gql(stack.port, token('customer', 'cus-09'), PROPOSE, { id, i: input }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(stack.port, token('agent', 'agt-1'), PROPOSE, { id, i: input }))).toBe('FORBIDDEN'); // not the assignee
    expect(
      errorCode(
        await gql(stack.port, token('agent', 'agt-3'), PROPOSE, { id, i: { ...input, amountCents: 10_000_000 } }),
      ),
    ).toBe('BAD_USER_INPUT'); // more than the charge
    const proposed = (await gql(stack.port, token('agent', 'agt-3'), PROPOSE, { id, i: input })).data!
      .proposeBillingAction;
    expect(proposed).toMatchObject({ status: 'PROPOSED', kind: 'REFUND', stripeId: null, proposedBy: 'agt-3' });
    // An unapproved proposal never reaches Stripe: nothing yet, and after the approval exactly one refund (below).
    expect(refundsBefore()).toBe(baseline);

    expect(errorCode(await gql(stack.port, token('agent', 'agt-3'), APPROVE, { id: proposed.id }))).toBe('FORBIDDEN'); // own proposal
    expect(errorCode(await gql(stack.port, token('agent', 'agt-2'), APPROVE, { id: proposed.id }))).toBe('FORBIDDEN'); // no billing skill
    const [a, b] = await Promise.all([
      gql(stack.port, token('agent', 'agt-1'), APPROVE, { id: proposed.id }),
      gql(stack.port, token('agent', 'agt-6'), APPROVE, { id: proposed.id }),
    ]);
    const ok = [a, b].filter((r) => !r.errors);
    expect(ok).toHaveLength(1);
    expect([a, b].map(errorCode).filter(Boolean)).toEqual(['CONFLICT']);
    expect(ok[0].data!.approveBillingAction).toMatchObject({
      status: 'EXECUTED',
      stripeId: expect.stringMatching(/^re_/),
    });
    expect(errorCode(await gql(stack.port, token('agent', 'agt-7'), APPROVE, { id: proposed.id }))).toBe('CONFLICT');

    const refunds = proxy.requests
      .filter((r) => r.method === 'POST' && r.path.startsWith('/v1/refunds'))
      .slice(baseline);
    expect(refunds).toHaveLength(1);
    expect(refunds[0].idempotencyKey).toBe(`conversation-${id}-billing-${proposed.id}`);
    const listed = (await gql(stack.port, token('agent', 'agt-3'), CONTEXT, { id })).data!.conversation.billingActions;
    expect(listed).toEqual([{ id: proposed.id, status: 'EXECUTED' }]);
  });
});

describe('POST /webhooks/stripe', () => {
  const post = (body: string, signature?: string) =>
    fetch(`http://127.0.0.1:${stack.port}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
      body,
    });

  it('rejects forged and stale signatures, and raises the priority of the customer’s open conversation once', async () => {
    const { id } = await customerTurn(
      stack.port,
      token('customer', 'cus-11'),
      null,
      'Can I speak to someone about my invoice?',
    );
    const event = JSON.stringify({
      id: `evt_${cid()}`,
      object: 'event',
      type: 'invoice.payment_failed',
      data: { object: { object: 'invoice', customer_email: 'x@invalid', customer: 'cus_unknown' } },
    });
    const own = JSON.parse(event);
    own.data.object.customer_email = (
      await gql(stack.port, token('customer', 'cus-11'), '{ me { customer { email } } }')
    ).data!.me.customer.email;
    const body = JSON.stringify(own);

    expect((await post(body, signStripePayload(body, 'whsec_forged_key_zzzzzzzzzz'))).status).toBe(400);
    expect(
      (await post(body, signStripePayload(body, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 3600))).status,
    ).toBe(400);
    expect((await post(body)).status).toBe(400);
    const accepted = await post(body, signStripePayload(body, WEBHOOK_SECRET));
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ received: true, duplicate: false, conversationId: id });
    const again = await post(body, signStripePayload(body, WEBHOOK_SECRET));
    expect(await again.json()).toMatchObject({ duplicate: true });
    await waitFor(async () => {
      const r = await gql(stack.port, token('agent', 'agt-1'), `{ agentQueue(first: 100) { edges { node { id } } } }`);
      return r.data!.agentQueue.edges[0]?.node.id === id; // the priority puts it first in the queue
    });
    const c = (await gql(stack.port, token('agent', 'agt-1'), CONVERSATION, { id })).data!.conversation;
    expect(c.status).toBe('AWAITING_AGENT');

    // Operational insights count Stripe's word on it: the account is at risk for a failed payment.
    const window = {
      from: new Date(Date.now() - 3600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    };
    const insights = await gql(
      stack.port,
      token('admin', 'admin-1'),
      `query($from: DateTime!, $to: DateTime!) { insights(from: $from, to: $to, top: 50) { accountsAtRisk { customer { id } reasons } } }`,
      window,
    );
    const atRisk = insights.data!.insights.accountsAtRisk.find((a: any) => a.customer.id === 'cus-11');
    expect(atRisk.reasons).toContain('payment failures: Stripe reported a failed payment during 1 conversation');
  });
});
