import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type Stripe from 'stripe';
import { AppError, ErrorCode } from '../../errors';
import type { CrmRecord } from '../crm/crm.provider';
import { parseApiBase } from './stripe.client';
import { StripeBillingError } from './stripe.errors';
import { startStripeMock, type StripeMock } from '../../../test/support/stripe-mock';
import { chargeOwnershipProblem, checkRefundAgainstCharge, StripeBilling } from './stripe.provider';

// stripe-mock is stateless: it answers from fixtures (echoing ids and some params it was sent), mints a fresh id
// for every create, and keeps no idempotency cache. Assertions below hold for any of its fixture data.

let mock: StripeMock;
beforeAll(async () => {
  mock = await startStripeMock(); // the first run builds stripe-mock with `go install` (about a minute)
}, 600_000);
afterAll(async () => {
  await mock?.stop();
});

const customer = (over: Partial<CrmRecord> = {}): CrmRecord => ({
  id: `cus-${randomUUID()}`,
  name: 'Ada Lovelace',
  email: `ada-${randomUUID()}@example.com`,
  company: 'Analytical Engines',
  tier: 'PRO',
  plan: 'pro',
  seats: 12,
  mrrUsd: 480,
  notes: null,
  ...over,
});

const billing = (apiKey = 'sk_test_123') => new StripeBilling({ apiKey, apiBase: mock.url });

function recordTraffic(b: StripeBilling) {
  const requests: Stripe.RequestEvent[] = [];
  const responses: Stripe.ResponseEvent[] = [];
  b.onStripeEvent('request', (e) => requests.push(e));
  b.onStripeEvent('response', (e) => responses.push(e));
  return { requests, responses };
}

describe('StripeBilling against stripe-mock', () => {
  test('billing context for a customer: subscription, plan, invoices, charges, failures and refunds', async () => {
    const b = billing();
    const { requests } = recordTraffic(b);
    const ctx = await b.billingContext(customer());

    expect(ctx.available).toBe(true);
    expect(ctx.customerId).toMatch(/^cus_/);
    expect([
      'active',
      'trialing',
      'past_due',
      'unpaid',
      'incomplete',
      'incomplete_expired',
      'canceled',
      'paused',
    ]).toContain(ctx.subscriptionStatus);
    expect(typeof ctx.plan).toBe('string');
    expect(ctx.plan!.length).toBeGreaterThan(0);
    expect(typeof ctx.delinquent).toBe('boolean');
    // The subscription's terms: seats summed over its items, the period end it renews at (or ends at), the trial.
    expect(ctx.seats === null || (Number.isInteger(ctx.seats) && ctx.seats! > 0)).toBe(true);
    expect(typeof ctx.cancelAtPeriodEnd).toBe('boolean');
    if (ctx.renewsAt) expect(ctx.renewsAt).toBe(ctx.currentPeriodEnd);
    expect(ctx.currentPeriodEnd === null || /^\d{4}-\d\d-\d\dT/.test(ctx.currentPeriodEnd!)).toBe(true);
    expect(ctx.trialEndsAt === null || /^\d{4}-\d\d-\d\dT/.test(ctx.trialEndsAt!)).toBe(true);

    expect(ctx.recentInvoices!.length).toBeGreaterThan(0);
    for (const inv of ctx.recentInvoices!) {
      const isoOrNull = (v: unknown) => v === null || (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v));
      expect(inv).toEqual({
        id: expect.stringMatching(/^in_/),
        status: expect.any(String),
        amountDue: expect.any(Number),
        currency: expect.stringMatching(/^[a-z]{3}$/),
        // What the account answers need: the invoice's number, dates, amounts paid and remaining, its period.
        number: inv.number === null ? null : expect.any(String),
        created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        dueDate: inv.dueDate === null ? null : expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        paidAt: inv.paidAt === null ? null : expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        amountPaid: expect.any(Number),
        amountRemaining: expect.any(Number),
        periodStart: inv.periodStart === null ? null : expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        periodEnd: inv.periodEnd === null ? null : expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        description: inv.description === null ? null : expect.any(String),
      });
      expect([inv.dueDate, inv.paidAt, inv.periodStart, inv.periodEnd].every(isoOrNull)).toBe(true);
    }
    expect(ctx.recentCharges!.length).toBeGreaterThan(0);
    for (const ch of ctx.recentCharges!) {
      expect(ch.id).toMatch(/^ch_/);
      expect(ch.amount).toBeGreaterThanOrEqual(ch.amountRefunded);
      expect(ch.created).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    // Failed payments are exactly the failed charges (stripe-mock's fixture charge succeeded: none here).
    expect(ctx.failedPayments).toEqual(
      ctx.recentCharges!.filter((c) => c.status === 'failed').map((c) => expect.objectContaining({ chargeId: c.id })),
    );
    expect(ctx.refunds!.length).toBeGreaterThan(0);
    for (const r of ctx.refunds!) {
      expect(r.id).toMatch(/^re_/);
      expect(ctx.recentCharges!.map((c) => c.id)).toContain(r.chargeId);
    }
    // Only reads, starting with the look-up by email.
    expect(requests[0]).toMatchObject({ method: 'GET', path: expect.stringMatching(/^\/v1\/customers\?email=ada-/) });
    expect(requests.every((r) => r.method === 'GET')).toBe(true);
  });

  test('a refund carries our Idempotency-Key, the server sees it, and a retry sends the very same key', async () => {
    const b = billing();
    const { requests, responses } = recordTraffic(b);
    const key = `wf-conv-${randomUUID()}/act-7`;
    const req = {
      chargeId: 'ch_refund_me',
      amountCents: 1500,
      currency: 'usd',
      reason: 'billed twice for March',
      idempotencyKey: key,
    };

    const first = await b.executeRefund(req);
    const retry = await b.executeRefund(req);

    expect(first.id).toMatch(/^re_/);
    expect(retry.id).toMatch(/^re_/);
    const posts = requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds');
    expect(posts.map((r) => r.idempotency_key)).toEqual([key, key]);
    // stripe-mock echoes the Idempotency-Key it received: proof the key went over the wire, not just into the SDK.
    expect(responses.filter((r) => r.path === '/v1/refunds').map((r) => r.idempotency_key)).toEqual([key, key]);
    // Stripe itself would answer the retry with the first refund (same id); stripe-mock has no idempotency cache
    // and mints a new id per call, so that half cannot be shown here.

    const other = `wf-conv-${randomUUID()}/act-8`;
    await b.executeRefund({ ...req, idempotencyKey: other });
    expect(requests.filter((r) => r.path === '/v1/refunds').at(-1)!.idempotency_key).toBe(other);
  });

  test('a refund by payment intent, and a credit on the balance, both carry the key', async () => {
    const b = billing();
    const { responses } = recordTraffic(b);
    const refundKey = `refund-${randomUUID()}`;
    const creditKey = `credit-${randomUUID()}`;

    const refund = await b.executeRefund({
      paymentIntentId: 'pi_123',
      amountCents: 250,
      currency: 'USD',
      reason: 'requested_by_customer',
      idempotencyKey: refundKey,
    });
    const credit = await b.createCredit({
      stripeCustomerId: 'cus_credit_me',
      amountCents: 500,
      currency: 'usd',
      reason: 'goodwill: outage on 2 March',
      idempotencyKey: creditKey,
    });

    expect(refund.id).toMatch(/^re_/);
    expect(credit.id).toMatch(/^cbtxn_/);
    expect(typeof credit.endingBalance).toBe('number');
    expect(responses.find((r) => r.path === '/v1/refunds')!.idempotency_key).toBe(refundKey);
    expect(responses.find((r) => r.path === '/v1/customers/cus_credit_me/balance_transactions')!.idempotency_key).toBe(
      creditKey,
    );
  });

  test('chargeAmount gives what a refund is checked against', async () => {
    const charge = await billing().chargeAmount('ch_check_me');
    expect(charge).toEqual({
      amount: expect.any(Number),
      currency: expect.stringMatching(/^[a-z]{3}$/),
      amountRefunded: expect.any(Number),
      customerId: null, // stripe-mock's charge fixture belongs to no customer
    });
    expect(chargeOwnershipProblem(charge, 'cus_1')).toMatch(/does not belong/);
    expect(chargeOwnershipProblem({ customerId: 'cus_1' }, 'cus_1')).toBeNull();
    expect(chargeOwnershipProblem({ customerId: 'cus_1' }, null)).toMatch(/no Stripe customer/);

    const refundable = charge.amount - charge.amountRefunded;
    expect(checkRefundAgainstCharge(charge, refundable, charge.currency.toUpperCase())).toBeNull();
    expect(checkRefundAgainstCharge(charge, refundable + 1, charge.currency)).toMatch(/can still be refunded/);
    expect(checkRefundAgainstCharge(charge, 1, charge.currency === 'eur' ? 'usd' : 'eur')).toMatch(/^the charge is in/);
  });

  test('bad input is refused before anything is sent', async () => {
    const b = billing();
    const { requests } = recordTraffic(b);
    const base = { amountCents: 100, currency: 'usd', reason: 'x', idempotencyKey: `k-${randomUUID()}` };
    const refusals = [
      b.executeRefund({ ...base }),
      b.executeRefund({ ...base, chargeId: 'ch_1', paymentIntentId: 'pi_1' }),
      b.executeRefund({ ...base, chargeId: 'ch_1', amountCents: 0 }),
      b.executeRefund({ ...base, chargeId: 'ch_1', amountCents: 10.5 }),
      b.executeRefund({ ...base, chargeId: 'ch_1', idempotencyKey: '' }),
      b.createCredit({ ...base, stripeCustomerId: 'cus_1', currency: 'dollars' }),
    ];
    for (const p of refusals) {
      await expect(p).rejects.toBeInstanceOf(AppError);
      await expect(p).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
    }
    expect(requests).toHaveLength(0);
  });

  test('the API key never reaches an error or a log line, even when the server quotes it back', async () => {
    // stripe-mock rejects live-mode keys and quotes the Authorization header in its message.
    const secret = `sk_${'live'}_notarealkey${randomUUID().replace(/-/g, '')}`;
    const b = billing(secret);
    const err: unknown = await b
      .executeRefund({
        chargeId: 'ch_1',
        amountCents: 100,
        currency: 'usd',
        reason: 'x',
        idempotencyKey: `k-${randomUUID()}`,
      })
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(StripeBillingError);
    const e = err as StripeBillingError;
    expect(e).toMatchObject({ statusCode: 401, rawType: 'invalid_request_error', retryable: false });
    expect(e.message).toMatch(/Authorization was '\[redacted\]|Bearer \[redacted\]/);
    for (const text of [e.message, JSON.stringify(e), String(e.stack), JSON.stringify(b)]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(-12));
    }
    expect(e).not.toHaveProperty('headers');
    expect(e).not.toHaveProperty('raw');

    const lines: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      expect(await b.billingContext(customer())).toEqual({ available: false });
    } finally {
      spy.mockRestore();
    }
    const logged = lines.join('');
    expect(logged).toContain('billing context unavailable');
    expect(logged).not.toContain(secret.slice(-12));
  });

  test('an unreachable Stripe leaves billing unavailable instead of failing', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p)); // closed again: nothing listens there now
      });
    });
    const b = new StripeBilling({
      apiKey: 'sk_test_123',
      apiBase: `http://127.0.0.1:${port}`,
      readTimeoutMs: 1000,
      maxNetworkRetries: 0,
    });
    const started = Date.now();
    expect(await b.billingContext(customer())).toEqual({ available: false });
    expect(Date.now() - started).toBeLessThan(4000);
    const err = await b.chargeAmount('ch_1').catch((e: unknown) => e);
    expect(err).toMatchObject({ type: 'StripeConnectionError', retryable: true });
  });
});

describe('parseApiBase', () => {
  test('splits a base URL into the SDK host, port and protocol', () => {
    expect(parseApiBase('http://127.0.0.1:12111')).toEqual({ protocol: 'http', host: '127.0.0.1', port: 12111 });
    expect(parseApiBase('https://api.stripe.com')).toEqual({ protocol: 'https', host: 'api.stripe.com', port: 443 });
    expect(parseApiBase('http://[::1]:8080/')).toEqual({ protocol: 'http', host: '::1', port: 8080 });
    expect(parseApiBase(undefined)).toEqual({});
    expect(() => parseApiBase('localhost:12111')).toThrow();
    expect(() => parseApiBase('http://127.0.0.1:12111/v1')).toThrow(/no path/);
  });
});
