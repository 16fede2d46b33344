import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser';
import { DOCS, signInAs, type SignedIn } from './support/console-browser';
import { cid, customerTurn, gql, pg, SEND, startStack, token, waitFor } from './support/stack';
import { startStripeMock, type StripeMock } from './support/stripe-mock';
import { startRecordingProxy } from './stubs/recording-proxy';

/**
 * Money in the console, in Chromium against the real API, worker, Temporal, PostgreSQL and stripe-mock: the assigned
 * agent proposes a refund from a charge in the handoff's billing panel, a second agent with the billing skill
 * approves it from the approvals screen (where it appears live, as proposed), the proposer watches the outcome arrive live, and Stripe gets one refund.
 */
let stack: Awaited<ReturnType<typeof startStack>>;
let stripeMock: StripeMock;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
let browser: Browser;
let base: string;
/** stripe-mock's charges belong to nobody: the proxy says they are this conversation's Stripe customer's. */
let stripeCustomer: string | null = null;

beforeAll(async () => {
  stripeMock = await startStripeMock();
  proxy = await startRecordingProxy(stripeMock.url, {
    rewriteJson: (p, body) =>
      /^\/v1\/charges\/[^/?]+/.test(p) && body.object === 'charge' ? { ...body, customer: stripeCustomer } : body,
  });
  stack = await startStack('console-money', { STRIPE_API_KEY: 'sk_test_123', STRIPE_API_BASE: proxy.url });
  base = `http://127.0.0.1:${stack.port}`;
  browser = await launchChromium();
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await proxy?.stop();
  await stripeMock?.stop();
});

/**
 * stripe-mock answers its first requests slowly on a busy machine, and the context gatherer gives billing one quick
 * try (3 s): warm it up through the proxy first, the way a running deployment is warm.
 */
async function warmStripe(): Promise<void> {
  const auth = { authorization: `Basic ${Buffer.from('sk_test_123:').toString('base64')}` };
  for (const p of ['/v1/customers?limit=1', '/v1/subscriptions?limit=1', '/v1/invoices?limit=1', '/v1/charges?limit=1'])
    await fetch(`${proxy.url}${p}`, { headers: auth });
}

/** The conversation's gathered billing context: its Stripe customer and charges (null while absent). */
async function billingOf(id: string): Promise<{ customerId: string; recentCharges: unknown[] } | null> {
  const db = await pg();
  try {
    const r = await db.query(`SELECT context->'billing' AS b FROM conversations WHERE id = $1`, [id]);
    return r.rows[0]?.b?.recentCharges?.length ? r.rows[0].b : null;
  } finally {
    await db.end();
  }
}

/**
 * A billing dispute claimed by Nina (agt-1), with the Stripe context gathered. Should the gatherer's one quick try
 * still miss on a loaded machine (the conversation then has no charges to refund), another customer asks again.
 */
async function claimedDispute(): Promise<string> {
  await warmStripe();
  for (const customer of ['cus-16', 'cus-17', 'cus-18']) {
    const { id } = await customerTurn(
      stack.port,
      token('customer', customer),
      null,
      'You charged our card twice this month. I want the duplicate refunded.',
    );
    const billing = await waitFor(async () => {
      const r = await gql(
        stack.port,
        token('admin', 'admin-1'),
        `query($id: ID!) { conversation(id: $id) { context { gatheredAt } } }`,
        {
          id,
        },
      );
      return r.data?.conversation?.context ? ((await billingOf(id)) ?? 'none') : undefined;
    }, 40_000);
    if (billing === 'none') continue;
    stripeCustomer = billing.customerId;
    const nina = token('agent', 'agt-1');
    const claim = await gql(stack.port, nina, `mutation($id: ID!) { claimConversation(conversationId: $id) { id } }`, {
      id,
    });
    expect(claim.errors).toBeUndefined();
    await gql(stack.port, nina, SEND, {
      input: { conversationId: id, body: 'Looking into the charges now.', clientMessageId: cid() },
    });
    return id;
  }
  throw new Error(
    `no conversation got its billing context: ${stack.worker
      .output()
      .split('\n')
      .filter((l) => /billing/.test(l))
      .slice(-3)
      .join(' | ')}`,
  );
}

describe('refunds in the console', () => {
  let nina: SignedIn;
  let grace: SignedIn;
  afterAll(async () => {
    await nina?.context.close();
    await grace?.context.close();
  });

  it('the assigned agent proposes a refund of a charge; another billing agent approves it; one refund reaches Stripe', async () => {
    const id = await claimedDispute();
    nina = await signInAs(browser, base, /Nina Patel/);
    grace = await signInAs(browser, base, /Grace Liu/);

    await grace.page.getByRole('link', { name: 'Approvals' }).click();
    await grace.page.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor();
    await grace.page.getByText('Loading…').waitFor({ state: 'detached' });

    await nina.page.goto(`${base}/console/conversations/${id}`);
    const refund = nina.page.getByRole('button', { name: /^Refund .* charge ch_/ });
    await refund.first().click();
    const dialog = nina.page.getByRole('dialog', { name: 'Propose a refund' });
    await dialog.getByLabel('Amount').fill('0.50');
    await dialog.getByLabel('Reason').fill('Duplicate charge this month; the customer was billed twice.');
    await dialog.getByRole('button', { name: 'Propose' }).click();
    const proposedAt = Date.now();
    const money = nina.page.getByRole('region', { name: 'Refunds and credits' });
    await money.getByText('Waiting for approval').waitFor();
    await money.getByText('Another agent with the billing skill approves it; you will see the outcome here.').waitFor();
    // Nobody approves their own proposal: Nina has the billing skill, and no button to approve.
    expect(await money.getByRole('button', { name: /^Approve/ }).count()).toBe(0);
    const refundsBefore = proxy.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v1/refunds')).length;

    // Grace's approvals screen was open before the proposal (it does not poll): the proposal arrives live.
    const approve = grace.page.getByRole('button', { name: 'Approve refund $0.50' });
    await approve.waitFor({ timeout: 5_000 });
    expect(Date.now() - proposedAt).toBeLessThan(5_000);
    await approve.click();
    await grace.page.getByRole('heading', { name: 'Decided just now' }).waitFor({ timeout: 30_000 });
    await grace.page.getByText('Approved · done in Stripe').first().waitFor();

    // The proposer's page was not reloaded: the outcome arrives over conversationUpdated.
    await money.getByText('Approved · done in Stripe').waitFor({ timeout: 30_000 });
    await money.getByText(/approved by Grace Liu/).waitFor();
    await nina.page.screenshot({ path: path.join(DOCS, 'console-money.png') });

    const db = await pg();
    try {
      const rows = (
        await db.query(
          'SELECT id, status, stripe_id, approved_by, amount_cents FROM billing_actions WHERE conversation_id = $1',
          [id],
        )
      ).rows;
      expect(rows).toEqual([
        {
          id: expect.any(String),
          status: 'EXECUTED',
          stripe_id: expect.stringMatching(/^re_/),
          approved_by: 'agt-3',
          amount_cents: 50,
        },
      ]);
      const refunds = proxy.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v1/refunds'));
      expect(refunds.length - refundsBefore).toBe(1);
      expect(refunds[refunds.length - 1].idempotencyKey).toBe(`conversation-${id}-billing-${rows[0].id}`);
    } finally {
      await db.end();
    }
    expect([...nina.errors, ...grace.errors]).toEqual([]);
  });
});
