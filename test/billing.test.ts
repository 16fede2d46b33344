import { startStripeMock, type StripeMock } from './support/stripe-mock';
import { signStripePayload } from '../src/integrations/billing/stripe-webhook';
import { approveBillingActionUpdate } from '../workflows/conversation/conversation.messages';
import {
  CONVERSATION,
  cid,
  customerTurn,
  errorCode,
  gql,
  pg,
  SEND,
  startStack,
  temporalClient,
  token,
  waitFor,
} from './support/stack';
import { startRecordingProxy } from './stubs/recording-proxy';

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let stripeMock: StripeMock;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
const WEBHOOK_SECRET = 'whsec_test_0123456789abcdef';
/**
 * Which Stripe customer a charge belongs to. stripe-mock is stateless and its charges belong to nobody; a test says
 * here whose a charge is, and the proxy sets `customer` on the real answer to GET /v1/charges/:id.
 */
const chargeOwners = new Map<string, string>();

beforeAll(async () => {
  stripeMock = await startStripeMock();
  proxy = await startRecordingProxy(stripeMock.url, {
    rewriteJson: (path, body) => {
      const m = /^\/v1\/charges\/([^/?]+)/.exec(path);
      return m && body.object === 'charge' ? { ...body, id: m[1], customer: chargeOwners.get(m[1]) ?? null } : body;
    },
  });
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

/** The Stripe customer the conversation's context found (stripe-mock answers every email with its fixture customer). */
async function stripeCustomerOf(conversationId: string): Promise<string> {
  const db = await pg();
  try {
    return await waitFor(async () => {
      const r = await db.query(`SELECT context->'billing'->>'customerId' AS c FROM conversations WHERE id = $1`, [
        conversationId,
      ]);
      return r.rows[0]?.c as string | undefined;
    });
  } finally {
    await db.end();
  }
}

/** A charge of this conversation's Stripe customer, fresh for one test. */
async function ownCharge(conversationId: string): Promise<string> {
  const chargeId = `ch_${cid().replace(/-/g, '').slice(0, 16)}`;
  chargeOwners.set(chargeId, await stripeCustomerOf(conversationId));
  return chargeId;
}

const stripeCalls = (from: number, pred: (path: string, method: string) => boolean) =>
  proxy.requests.slice(from).filter((r) => pred(r.path, r.method));

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
    const input = {
      kind: 'REFUND',
      amountCents: 100,
      currency: 'usd',
      reason: 'duplicate charge',
      chargeId: await ownCharge(id),
    };
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

describe('money, defence in depth', () => {
  it("refuses a refund of a charge that is not the conversation customer's (another's, or nobody's)", async () => {
    const id = await claimedDispute('cus-10', 'agt-3');
    const theirs = `ch_${cid().replace(/-/g, '').slice(0, 16)}`;
    chargeOwners.set(theirs, 'cus_somebody_else');
    const nobodys = `ch_${cid().replace(/-/g, '').slice(0, 16)}`;
    const base = { kind: 'REFUND', amountCents: 100, currency: 'usd', reason: 'duplicate charge' };
    for (const chargeId of [theirs, nobodys]) {
      const r = await gql(stack.port, token('agent', 'agt-3'), PROPOSE, { id, i: { ...base, chargeId } });
      expect([errorCode(r), r.errors![0].message]).toEqual([
        'BAD_USER_INPUT',
        "the charge does not belong to this conversation's customer",
      ]);
    }
    const mine = await gql(stack.port, token('agent', 'agt-3'), PROPOSE, {
      id,
      i: { ...base, chargeId: await ownCharge(id) },
    });
    expect(mine.errors).toBeUndefined();
  });

  it('a proposal retried with the same clientKey is one proposal; the same key for another proposal is CONFLICT', async () => {
    const id = await claimedDispute('cus-08', 'agt-3');
    const i = { kind: 'CREDIT', amountCents: 700, currency: 'usd', reason: 'goodwill', clientKey: `k-${cid()}` };
    const first = await gql(stack.port, token('agent', 'agt-3'), PROPOSE, { id, i });
    expect(first.errors).toBeUndefined();
    // Retried: once after the answer, and three times at once (a client that timed out and a flaky network).
    const retries = [
      await gql(stack.port, token('agent', 'agt-3'), PROPOSE, { id, i }),
      ...(await Promise.all([1, 2, 3].map(() => gql(stack.port, token('agent', 'agt-3'), PROPOSE, { id, i })))),
    ];
    for (const r of retries) expect(r.data?.proposeBillingAction).toEqual(first.data!.proposeBillingAction);
    const other = await gql(stack.port, token('agent', 'agt-3'), PROPOSE, { id, i: { ...i, amountCents: 900 } });
    expect(errorCode(other)).toBe('CONFLICT');
    const listed = (await gql(stack.port, token('agent', 'agt-3'), CONTEXT, { id })).data!.conversation.billingActions;
    expect(listed).toEqual([{ id: first.data!.proposeBillingAction.id, status: 'PROPOSED' }]);
    const bad = await gql(stack.port, token('agent', 'agt-3'), PROPOSE, { id, i: { ...i, clientKey: 'no spaces' } });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
  });

  it('an approval sent straight to Temporal with forged skills is refused before Stripe; the action waits for a real approver', async () => {
    const id = await claimedDispute('cus-07', 'agt-3');
    const chargeId = await ownCharge(id);
    const input = { kind: 'REFUND', amountCents: 100, currency: 'usd', reason: 'duplicate charge', chargeId };
    const proposed = (await gql(stack.port, token('agent', 'agt-3'), PROPOSE, { id, i: input })).data!
      .proposeBillingAction;
    const baseline = proxy.requests.length;

    const t = await temporalClient();
    try {
      const handle = t.client.workflow.getHandle(`conversation-${id}`);
      // agt-2 exists but has no billing skill; the update claims it has. Also a name no agent has.
      for (const agentId of ['agt-2', 'agt-nobody']) {
        const forged = await handle
          .executeUpdate(approveBillingActionUpdate, {
            args: [{ actionId: proposed.id, agentId, agentSkills: ['billing'] }],
          })
          .then(
            () => null,
            (e: unknown) => e as { cause?: { type?: string; message?: string } },
          );
        expect(forged?.cause?.type).toBe('FORBIDDEN');
      }
    } finally {
      await t.close();
    }
    // Nothing reached Stripe: no refund, not even the charge lookup.
    expect(stripeCalls(baseline, (p) => p.startsWith('/v1/refunds') || p.startsWith('/v1/charges'))).toEqual([]);
    const after = (await gql(stack.port, token('agent', 'agt-3'), CONTEXT, { id })).data!.conversation.billingActions;
    expect(after).toEqual([{ id: proposed.id, status: 'PROPOSED' }]);

    // A real approver still can, once.
    const approved = await gql(stack.port, token('agent', 'agt-1'), APPROVE, { id: proposed.id });
    expect(approved.data!.approveBillingAction).toMatchObject({ status: 'EXECUTED', stripeId: expect.any(String) });
    expect(stripeCalls(baseline, (p, m) => m === 'POST' && p.startsWith('/v1/refunds'))).toHaveLength(1);
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
    // The priority puts it ahead of every waiting conversation without one (other test files in this worker's
    // database may have raised another's priority too).
    const db = await pg();
    try {
      await waitFor(async () => {
        const r = await gql(
          stack.port,
          token('agent', 'agt-1'),
          `{ agentQueue(first: 100) { edges { node { id } } } }`,
        );
        const order: string[] = r.data!.agentQueue.edges.map((e: any) => e.node.id);
        const plain = await db.query(`SELECT id FROM conversations WHERE priority = 0 AND id = ANY($1)`, [order]);
        const firstPlain = Math.min(...plain.rows.map((x) => order.indexOf(x.id)));
        return order.includes(id) && order.indexOf(id) < firstPlain;
      });
    } finally {
      await db.end();
    }
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
