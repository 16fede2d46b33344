import { ApplicationFailure } from '@temporalio/common';
import type { Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { StripeBillingError } from '../../src/integrations/billing/stripe.errors';
import type { StripeBilling } from '../../src/integrations/billing/stripe.provider';
import { businessFailuresInterceptor } from '../../src/worker/business-failures';
import { createBillingActivities, type ExecuteBillingActionInput } from './billing.activities';

const refund: ExecuteBillingActionInput = {
  conversationId: 'c-1',
  actionId: 'a-1',
  kind: 'REFUND',
  amountCents: 500,
  currency: 'usd',
  chargeId: 'ch_1',
  idempotencyKey: 'conversation-c-1-billing-a-1',
  approvedBy: 'agt-3',
};

/** What the database holds for the approval checks: agt-1 proposed, agt-3 approves with the billing skill. */
const tables = {
  billing_actions: [{ proposed_by: 'agt-1' }],
  agents: [{ skills: ['billing'], disabled_at: null }],
  conversations: [{ customer_id: 'cus_1' }],
};
const fakeDs = {
  query: async (sql: string, params: unknown[]) => {
    const table = /FROM (\w+)/.exec(sql)![1] as keyof typeof tables;
    return table === 'conversations' && params[0] === 'c-no-stripe-customer' ? [] : tables[table];
  },
};
const charge = async () => ({ amount: 1000, currency: 'usd', amountRefunded: 0, customerId: 'cus_1' });

/** The activity as the worker runs it: behind the interceptor that turns our business errors into final failures. */
function run(stripe: Partial<StripeBilling> | null, input = refund) {
  const { executeBillingAction } = createBillingActivities({
    ds: fakeDs as unknown as DataSource,
    stripe: stripe as StripeBilling | null,
  });
  const { inbound } = businessFailuresInterceptor({} as Context);
  return inbound!.execute!({ args: [input], headers: {} }, () => executeBillingAction(input));
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

describe('billing activity errors', () => {
  it('throw our codes, and the interceptor makes them final (no hand-built failures)', async () => {
    const noProvider = await run(null).catch((e: unknown) => e);
    expect(noProvider).toBeInstanceOf(ApplicationFailure);
    expect(noProvider).toMatchObject({ type: 'BAD_USER_INPUT', nonRetryable: true });

    const rejected = await run({ chargeAmount: charge, executeRefund: () => Promise.reject(stripeError(false)) }).catch(
      (e: unknown) => e,
    );
    expect(rejected).toMatchObject({ type: 'BAD_USER_INPUT', message: 'Stripe says no', nonRetryable: true });

    const refunded = stripeError(false, 'StripeInvalidRequestError', 'charge_already_refunded');
    const twice = await run({ chargeAmount: charge, executeRefund: () => Promise.reject(refunded) }).catch(
      (e: unknown) => e,
    );
    expect(twice).toMatchObject({ type: 'CONFLICT', nonRetryable: true });

    const noCustomer = await run(
      {},
      { ...refund, kind: 'CREDIT', chargeId: null, conversationId: 'c-no-stripe-customer' },
    ).catch((e: unknown) => e);
    expect(noCustomer).toMatchObject({ type: 'BAD_USER_INPUT', nonRetryable: true });
  });

  it('refuse an approval the database does not back (FORBIDDEN, final) before anything reaches Stripe', async () => {
    let calls = 0;
    const stripe = { chargeAmount: charge, executeRefund: async () => (calls++, { id: 're_1' }) } as never;
    const refusals = [
      { ...refund, approvedBy: undefined }, // no approver named
      { ...refund, approvedBy: 'agt-1' }, // the proposer
    ];
    for (const input of refusals)
      expect(await run(stripe, input).catch((e: unknown) => e)).toMatchObject({
        type: 'FORBIDDEN',
        nonRetryable: true,
      });
    const before = tables.agents[0];
    try {
      for (const approver of [
        { skills: ['technical'], disabled_at: null },
        { skills: ['billing'], disabled_at: new Date() },
      ]) {
        tables.agents[0] = approver as never;
        expect(await run(stripe).catch((e: unknown) => e)).toMatchObject({ type: 'FORBIDDEN', nonRetryable: true });
      }
    } finally {
      tables.agents[0] = before;
    }
    expect(calls).toBe(0);
    expect(await run(stripe)).toEqual({ stripeId: 're_1' });
  });

  it('refuse a refund of a charge that belongs to another Stripe customer', async () => {
    const other = async () => ({ ...(await charge()), customerId: 'cus_2' });
    const err = await run({ chargeAmount: other, executeRefund: async () => ({ id: 're_1' }) } as never).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ type: 'BAD_USER_INPUT', nonRetryable: true });
  });

  it('leave a Stripe outage retryable, untouched', async () => {
    const outage = stripeError(true, 'StripeConnectionError', null);
    expect(
      await run({ chargeAmount: charge, executeRefund: () => Promise.reject(outage) }).catch((e: unknown) => e),
    ).toBe(outage);
  });
});
