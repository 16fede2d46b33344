import type { DataSource } from 'typeorm';
import { AppError, badInput, ErrorCode } from '../../src/errors';
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

/**
 * Stripe refused the request itself (a declined card, an amount over the charge, a charge refunded already): the same
 * request cannot succeed later. Already done or a reused idempotency key is a CONFLICT; the rest is the request's.
 */
function stripeRejection(err: StripeBillingError): AppError {
  const conflicting = err.type === 'StripeIdempotencyError' || err.code === 'charge_already_refunded';
  return new AppError(conflicting ? ErrorCode.CONFLICT : ErrorCode.BAD_USER_INPUT, err.message);
}

/** The only code path that moves money, reached only from an approval in the conversation workflow. */
export interface BillingActivityDeps {
  ds: Pick<DataSource, 'query'>;
  /** Null when no Stripe key is configured. */
  stripe: Pick<StripeBilling, 'executeRefund' | 'createCredit'> | null;
}

export function createBillingActivities(deps: BillingActivityDeps) {
  return {
    async executeBillingAction(input: ExecuteBillingActionInput): Promise<{ stripeId: string }> {
      const stripe = deps.stripe;
      // Configuration, not an outage: retrying cannot help, so a business error (the interceptor makes it final).
      if (!stripe) throw badInput('no billing provider is configured');
      try {
        if (input.kind === 'REFUND') {
          if (!input.chargeId) throw badInput('a refund needs a chargeId');
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
        if (!stripeCustomerId) throw badInput('no Stripe customer is known for this conversation');
        const c = await stripe.createCredit({
          stripeCustomerId,
          amountCents: input.amountCents,
          currency: input.currency,
          reason: 'support credit',
          idempotencyKey: input.idempotencyKey,
        });
        return { stripeId: c.id };
      } catch (err) {
        if (err instanceof StripeBillingError && !err.retryable) throw stripeRejection(err);
        throw err;
      }
    },
  };
}
