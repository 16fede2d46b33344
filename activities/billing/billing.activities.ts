import type { DataSource } from 'typeorm';
import { AppError, badInput, ErrorCode, forbidden } from '../../src/errors';
import { StripeBillingError } from '../../src/integrations/billing/stripe.errors';
import { chargeOwnershipProblem, type StripeBilling } from '../../src/integrations/billing/stripe.provider';

export interface ExecuteBillingActionInput {
  conversationId: string;
  actionId: string;
  kind: 'REFUND' | 'CREDIT';
  amountCents: number;
  currency: string;
  chargeId: string | null;
  idempotencyKey: string;
  /** The approving agent, checked again here against the database (the workflow's input could be forged). */
  approvedBy?: string;
}

/**
 * Why this approval may not move money, read from the database rather than from the workflow's input: anyone who
 * reaches Temporal's port can send an approval update with any skills. The approver must exist, be enabled, have
 * the billing skill and not be the proposer (as stored when the action was proposed). Null when all hold.
 */
async function approvalProblem(
  ds: Pick<DataSource, 'query'>,
  input: ExecuteBillingActionInput,
): Promise<string | null> {
  if (!input.approvedBy) return 'the approval names no approver';
  const [actions, agents]: [Array<{ proposed_by: string }>, Array<{ skills: string[]; disabled_at: Date | null }>] =
    await Promise.all([
      ds.query('SELECT proposed_by FROM billing_actions WHERE id = $1 AND conversation_id = $2', [
        input.actionId,
        input.conversationId,
      ]),
      ds.query('SELECT skills, disabled_at FROM agents WHERE id = $1', [input.approvedBy]),
    ]);
  if (!actions[0]) return 'no such billing action was proposed in this conversation';
  const approver = agents[0];
  if (!approver) return `approver ${input.approvedBy} is not a known agent`;
  if (approver.disabled_at) return `approver ${input.approvedBy} is disabled`;
  if (!approver.skills.includes('billing')) return `approver ${input.approvedBy} lacks the billing skill`;
  if (actions[0].proposed_by === input.approvedBy) return 'a second agent must approve: the approver proposed this';
  return null;
}

async function stripeCustomerOf(ds: Pick<DataSource, 'query'>, conversationId: string): Promise<string | null> {
  const rows: Array<{ customer_id: string | null }> = await ds.query(
    `SELECT context->'billing'->>'customerId' AS customer_id FROM conversations WHERE id = $1`,
    [conversationId],
  );
  return rows[0]?.customer_id ?? null;
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
  stripe: Pick<StripeBilling, 'executeRefund' | 'createCredit' | 'chargeAmount'> | null;
}

export function createBillingActivities(deps: BillingActivityDeps) {
  return {
    async executeBillingAction(input: ExecuteBillingActionInput): Promise<{ stripeId: string }> {
      const stripe = deps.stripe;
      // Configuration, not an outage: retrying cannot help, so a business error (the interceptor makes it final).
      if (!stripe) throw badInput('no billing provider is configured');
      // Before any call to Stripe: a refused approval is FORBIDDEN (final), and the workflow leaves the action proposed.
      const refused = await approvalProblem(deps.ds, input);
      if (refused) throw forbidden(refused);
      try {
        if (input.kind === 'REFUND') {
          if (!input.chargeId) throw badInput('a refund needs a chargeId');
          const owner = chargeOwnershipProblem(
            await stripe.chargeAmount(input.chargeId),
            await stripeCustomerOf(deps.ds, input.conversationId),
          );
          if (owner) throw badInput(owner);
          const r = await stripe.executeRefund({
            chargeId: input.chargeId,
            amountCents: input.amountCents,
            currency: input.currency,
            reason: 'requested_by_customer',
            idempotencyKey: input.idempotencyKey,
          });
          return { stripeId: r.id };
        }
        const stripeCustomerId = await stripeCustomerOf(deps.ds, input.conversationId);
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
