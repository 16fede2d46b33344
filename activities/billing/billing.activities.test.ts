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
};

/** The activity as the worker runs it: behind the interceptor that turns our business errors into final failures. */
function run(stripe: Partial<StripeBilling> | null, input = refund) {
  const { executeBillingAction } = createBillingActivities({
    ds: { query: async () => [] } as unknown as DataSource,
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

    const rejected = await run({ executeRefund: () => Promise.reject(stripeError(false)) }).catch((e: unknown) => e);
    expect(rejected).toMatchObject({ type: 'BAD_USER_INPUT', message: 'Stripe says no', nonRetryable: true });

    const refunded = stripeError(false, 'StripeInvalidRequestError', 'charge_already_refunded');
    const twice = await run({ executeRefund: () => Promise.reject(refunded) }).catch((e: unknown) => e);
    expect(twice).toMatchObject({ type: 'CONFLICT', nonRetryable: true });

    const noCustomer = await run({}, { ...refund, kind: 'CREDIT', chargeId: null }).catch((e: unknown) => e);
    expect(noCustomer).toMatchObject({ type: 'BAD_USER_INPUT', nonRetryable: true });
  });

  it('leave a Stripe outage retryable, untouched', async () => {
    const outage = stripeError(true, 'StripeConnectionError', null);
    expect(await run({ executeRefund: () => Promise.reject(outage) }).catch((e: unknown) => e)).toBe(outage);
  });
});
