import { ApplicationFailure } from '@temporalio/common';
import { StripeBillingError } from '../../src/integrations/billing/stripe.errors';
import type { CreditRequest, RefundRequest } from '../../src/integrations/billing/stripe.provider';
import { activityEnv, fakeQuery } from '../../test/support/activity-env';
import {
  type BillingActivityDeps,
  createBillingActivities,
  type ExecuteBillingActionInput,
} from './billing.activities';

const refund: ExecuteBillingActionInput = {
  conversationId: 'c-1',
  actionId: 'a-1',
  kind: 'REFUND',
  amountCents: 500,
  currency: 'usd',
  chargeId: 'ch_1',
  idempotencyKey: 'conversation-c-1-billing-a-1',
};
const credit: ExecuteBillingActionInput = {
  ...refund,
  actionId: 'a-2',
  kind: 'CREDIT',
  chargeId: null,
  idempotencyKey: 'conversation-c-1-billing-a-2',
};

/**
 * Stripe as the activity sees it, in memory, with Stripe's own contract: a request under an idempotency key it has
 * seen is answered with the first result, and nothing moves twice.
 */
class FakeStripe implements NonNullable<BillingActivityDeps['stripe']> {
  readonly refunds = new Map<string, RefundRequest>();
  readonly credits = new Map<string, CreditRequest>();
  failWith: unknown = null;

  async executeRefund(req: RefundRequest) {
    if (this.failWith) throw this.failWith;
    if (!this.refunds.has(req.idempotencyKey)) this.refunds.set(req.idempotencyKey, req);
    return { id: `re_${req.idempotencyKey}`, status: 'succeeded', amount: req.amountCents, currency: req.currency };
  }
  async createCredit(req: CreditRequest) {
    if (this.failWith) throw this.failWith;
    if (!this.credits.has(req.idempotencyKey)) this.credits.set(req.idempotencyKey, req);
    return { id: `cbtxn_${req.idempotencyKey}`, endingBalance: -req.amountCents, currency: req.currency };
  }
}

/** The activity as the worker runs it, with the conversation's Stripe customer id (or none) in its stored context. */
function setup(stripe: FakeStripe | null, stripeCustomerId: string | null = 'cus_stripe_1') {
  const queries: Array<{ sql: string; params: unknown[] | undefined }> = [];
  const { executeBillingAction } = createBillingActivities({
    ds: {
      query: fakeQuery((sql, params) => {
        queries.push({ sql, params });
        return [{ customer_id: stripeCustomerId }];
      }),
    },
    stripe,
  });
  const env = activityEnv();
  return {
    queries,
    run: (input: ExecuteBillingActionInput) => env.run(executeBillingAction, input),
    failure: (input: ExecuteBillingActionInput) => env.failure(executeBillingAction, input),
  };
}

const stripeError = (
  retryable: boolean,
  type = 'StripeInvalidRequestError',
  code: string | null = 'amount_too_large',
) =>
  new StripeBillingError(
    'Stripe says no',
    type,
    'invalid_request_error',
    code,
    null,
    'amount',
    400,
    'req_1',
    retryable,
  );

describe('executeBillingAction', () => {
  it('refunds the charge under the workflow-derived key: a retried attempt moves money once', async () => {
    const stripe = new FakeStripe();
    const { run, queries } = setup(stripe);
    const first = await run(refund);
    const retried = await run(refund);
    expect(retried).toEqual(first);
    expect([...stripe.refunds.values()]).toEqual([
      {
        chargeId: 'ch_1',
        amountCents: 500,
        currency: 'usd',
        reason: 'requested_by_customer',
        idempotencyKey: 'conversation-c-1-billing-a-1',
      },
    ]);
    expect(queries).toHaveLength(0); // a refund names its charge: no lookup
  });

  it("credits the Stripe customer the conversation's billing context names, once per key", async () => {
    const stripe = new FakeStripe();
    const { run, queries } = setup(stripe);
    expect(await run(credit)).toEqual({ stripeId: 'cbtxn_conversation-c-1-billing-a-2' });
    await run(credit);
    expect(queries.map((q) => q.params)).toEqual([['c-1'], ['c-1']]);
    expect([...stripe.credits.values()]).toEqual([
      {
        stripeCustomerId: 'cus_stripe_1',
        amountCents: 500,
        currency: 'usd',
        reason: 'support credit',
        idempotencyKey: 'conversation-c-1-billing-a-2',
      },
    ]);
  });
});

describe('billing activity errors', () => {
  it('throw our codes, and the interceptor makes them final (no hand-built failures), before Stripe is called', async () => {
    const noProvider = await setup(null).failure(refund);
    expect(noProvider).toBeInstanceOf(ApplicationFailure);
    expect(noProvider).toMatchObject({ type: 'BAD_USER_INPUT', nonRetryable: true });

    const stripe = new FakeStripe();
    expect(await setup(stripe).failure({ ...refund, chargeId: null })).toMatchObject({
      type: 'BAD_USER_INPUT',
      message: 'a refund needs a chargeId',
      nonRetryable: true,
    });
    expect(await setup(stripe, null).failure(credit)).toMatchObject({ type: 'BAD_USER_INPUT', nonRetryable: true });
    expect(stripe.refunds.size + stripe.credits.size).toBe(0);
  });

  it('turn a Stripe refusal into BAD_USER_INPUT, and "already refunded" into CONFLICT', async () => {
    const stripe = new FakeStripe();
    stripe.failWith = stripeError(false);
    expect(await setup(stripe).failure(refund)).toMatchObject({
      type: 'BAD_USER_INPUT',
      message: 'Stripe says no',
      nonRetryable: true,
    });
    stripe.failWith = stripeError(false, 'StripeInvalidRequestError', 'charge_already_refunded');
    expect(await setup(stripe).failure(refund)).toMatchObject({ type: 'CONFLICT', nonRetryable: true });
    stripe.failWith = stripeError(false, 'StripeIdempotencyError', null);
    expect(await setup(stripe).failure(credit)).toMatchObject({ type: 'CONFLICT', nonRetryable: true });
  });

  it('leave a Stripe outage retryable, untouched', async () => {
    const stripe = new FakeStripe();
    const outage = stripeError(true, 'StripeConnectionError', null);
    stripe.failWith = outage;
    expect(await setup(stripe).failure(refund)).toBe(outage);
  });
});
