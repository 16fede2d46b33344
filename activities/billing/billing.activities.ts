import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { StripeBillingError } from '../../src/integrations/billing/stripe.errors';
import type { StripeBilling } from '../../src/integrations/billing/stripe.provider';

export interface ExecuteBillingActionInput {
  conversationId: string;
  actionId: string;
  kind: 'REFUND' | 'CREDIT';
  amountCents: number;
  currency: string;
  chargeId: string | null;
  idempotencyKey: string;
}

/** The only code path that moves money, reached only from an approval in the conversation workflow. */
export function createBillingActivities(deps: { ds: DataSource; stripe: StripeBilling | null }) {
  return {
    async executeBillingAction(input: ExecuteBillingActionInput): Promise<{ stripeId: string }> {
      const stripe = deps.stripe;
      if (!stripe)
        throw ApplicationFailure.create({
          type: 'BILLING_UNAVAILABLE',
          message: 'no billing provider is configured',
          nonRetryable: true,
        });
      try {
        if (input.kind === 'REFUND') {
          if (!input.chargeId)
            throw ApplicationFailure.create({
              type: 'BAD_USER_INPUT',
              message: 'a refund needs a chargeId',
              nonRetryable: true,
            });
          const r = await stripe.executeRefund({
            chargeId: input.chargeId,
            amountCents: input.amountCents,
            currency: input.currency,
            reason: 'requested_by_customer',
            idempotencyKey: input.idempotencyKey,
          });
          return { stripeId: r.id };
        }
        const rows: Array<{ customer_id: string | null }> = await deps.ds.query(
          `SELECT context->'billing'->>'customerId' AS customer_id FROM conversations WHERE id = $1`,
          [input.conversationId],
        );
        const stripeCustomerId = rows[0]?.customer_id;
        if (!stripeCustomerId)
          throw ApplicationFailure.create({
            type: 'BAD_USER_INPUT',
            message: 'no Stripe customer is known for this conversation',
            nonRetryable: true,
          });
        const c = await stripe.createCredit({
          stripeCustomerId,
          amountCents: input.amountCents,
          currency: input.currency,
          reason: 'support credit',
          idempotencyKey: input.idempotencyKey,
        });
        return { stripeId: c.id };
      } catch (err) {
        if (err instanceof StripeBillingError && !err.retryable) {
          throw ApplicationFailure.create({ type: 'STRIPE_REJECTED', message: err.message, nonRetryable: true });
        }
        throw err;
      }
    },
  };
}
