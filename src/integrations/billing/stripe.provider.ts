import type Stripe from 'stripe';
import { badInput } from '../../errors';
import { logger } from '../../logger';
import type { CrmRecord } from '../crm/crm.provider';
import type { BillingContext, BillingProvider } from './billing.provider';
import { createStripeClient, type StripeBillingConfig } from './stripe.client';
import { wrapStripeError } from './stripe.errors';
import { idOf, iso, pickSubscription, subscriptionTerms, toCharge, toInvoice, toRefund } from './stripe.mapping';

const log = logger('billing.stripe');

export interface RefundRequest {
  /** Exactly one of chargeId and paymentIntentId. */
  chargeId?: string;
  paymentIntentId?: string;
  amountCents: number;
  /** The currency the caller validated against (see chargeAmount); Stripe refunds in the charge's currency. */
  currency: string;
  /** Free text kept in the refund's metadata; Stripe's own reason codes pass through as `reason`. */
  reason: string;
  /** Derive from workflow id + activity id, so every retry of one refund sends the same key. */
  idempotencyKey: string;
}

export interface CreditRequest {
  stripeCustomerId: string;
  amountCents: number;
  currency: string;
  reason: string;
  idempotencyKey: string;
}

export interface RefundResult {
  id: string;
  status: string | null;
  amount: number;
  currency: string;
}

export interface CreditResult {
  id: string;
  /** The customer's balance after the credit, negative meaning credit in their favour (Stripe's convention). */
  endingBalance: number;
  currency: string;
}

export interface ChargeAmount {
  amount: number;
  currency: string;
  amountRefunded: number;
  /** The Stripe customer the charge belongs to (null for a charge without one): a refund must match the conversation's. */
  customerId: string | null;
}

const STRIPE_REFUND_REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

function checkWrite(amountCents: number, currency: string, idempotencyKey: string): void {
  if (!Number.isInteger(amountCents) || amountCents <= 0) throw badInput('amountCents must be a positive integer');
  if (!/^[A-Za-z]{3}$/.test(currency)) throw badInput('currency must be a three-letter ISO code');
  // Stripe accepts keys up to 255 characters.
  if (!idempotencyKey || idempotencyKey.length > 255) throw badInput('idempotencyKey must be 1-255 characters');
}

/**
 * Billing facts and money movements through the Stripe API (or stripe-mock, via `apiBase`). Reads fail soft
 * (`{ available: false }`); writes throw a StripeBillingError whose `retryable` tells a Temporal activity whether
 * retrying the same idempotency key can help.
 */
export class StripeBilling implements BillingProvider {
  readonly name = 'stripe';
  // Private so that logging or serialising the provider can never print the client (it holds the key).
  readonly #stripe: Stripe;
  readonly #apiKey: string;
  readonly #read: Stripe.RequestOptions;

  constructor(config: StripeBillingConfig) {
    this.#stripe = createStripeClient(config);
    this.#apiKey = config.apiKey;
    // A context read is worth one quick try: the gatherer moves on without billing rather than wait.
    this.#read = { timeout: config.readTimeoutMs ?? 3_000, maxNetworkRetries: 0 };
  }

  /**
   * Observes the SDK's traffic: `request` as sent, `response` as answered (its idempotency_key is the one the server
   * echoed back). Events carry method, path (GET query strings included, so a customer's email can appear),
   * status and idempotency key; never the API key or a POST body.
   */
  onStripeEvent<K extends 'request' | 'response'>(
    kind: K,
    listener: (event: K extends 'request' ? Stripe.RequestEvent : Stripe.ResponseEvent) => void,
  ): () => void {
    this.#stripe.on(kind, listener);
    return () => this.#stripe.off(kind, listener);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name };
  }

  async billingContext(customer: CrmRecord): Promise<BillingContext> {
    if (!customer.email) return { available: false };
    try {
      return await this.#loadContext(customer.email);
    } catch (err) {
      log.warn('billing context unavailable', {
        customerId: customer.id,
        error: wrapStripeError(err, this.#apiKey).toJSON(),
      });
      return { available: false };
    }
  }

  async executeRefund(req: RefundRequest): Promise<RefundResult> {
    checkWrite(req.amountCents, req.currency, req.idempotencyKey);
    if (!req.chargeId === !req.paymentIntentId) throw badInput('give exactly one of chargeId and paymentIntentId');
    const reason = req.reason.trim();
    try {
      const refund = await this.#stripe.refunds.create(
        {
          ...(req.chargeId ? { charge: req.chargeId } : { payment_intent: req.paymentIntentId }),
          amount: req.amountCents,
          ...(STRIPE_REFUND_REASONS.has(reason) ? { reason: reason as Stripe.RefundCreateParams.Reason } : {}),
          metadata: {
            reason: reason.slice(0, 500),
            requested_currency: req.currency.toLowerCase(),
            idempotency_key: req.idempotencyKey,
          },
        },
        { idempotencyKey: req.idempotencyKey },
      );
      return { id: refund.id, status: refund.status ?? null, amount: refund.amount, currency: refund.currency };
    } catch (err) {
      throw wrapStripeError(err, this.#apiKey);
    }
  }

  /** A credit on the customer's balance (a negative balance transaction), applied to their next invoices. */
  async createCredit(req: CreditRequest): Promise<CreditResult> {
    checkWrite(req.amountCents, req.currency, req.idempotencyKey);
    if (!req.stripeCustomerId) throw badInput('stripeCustomerId is required');
    try {
      const txn = await this.#stripe.customers.createBalanceTransaction(
        req.stripeCustomerId,
        {
          amount: -req.amountCents,
          currency: req.currency.toLowerCase(),
          description: req.reason.trim().slice(0, 350),
          metadata: { idempotency_key: req.idempotencyKey },
        },
        { idempotencyKey: req.idempotencyKey },
      );
      return { id: txn.id, endingBalance: txn.ending_balance, currency: txn.currency };
    } catch (err) {
      throw wrapStripeError(err, this.#apiKey);
    }
  }

  /** What a refund can be checked against: see checkRefundAgainstCharge. */
  async chargeAmount(chargeId: string): Promise<ChargeAmount> {
    try {
      const charge = await this.#stripe.charges.retrieve(chargeId);
      return {
        amount: charge.amount,
        currency: charge.currency,
        amountRefunded: charge.amount_refunded,
        customerId: idOf(charge.customer),
      };
    } catch (err) {
      throw wrapStripeError(err, this.#apiKey);
    }
  }

  async #findCustomer(email: string): Promise<Stripe.Customer | null> {
    // list(email) is exact and read-after-write consistent (search is neither); Stripe matches it case-sensitively.
    for (const candidate of new Set([email, email.toLowerCase()])) {
      const page = await this.#stripe.customers.list({ email: candidate, limit: 1 }, this.#read);
      if (page.data[0]) return page.data[0];
    }
    return null;
  }

  async #loadContext(email: string): Promise<BillingContext> {
    const found = email ? await this.#findCustomer(email.trim()) : null;
    if (!found) return { available: true, customerId: null };
    const customer = found.id;
    const [subs, invoices, charges] = await Promise.all([
      this.#stripe.subscriptions.list({ customer, status: 'all', limit: 10 }, this.#read),
      this.#stripe.invoices.list({ customer, limit: 5 }, this.#read),
      this.#stripe.charges.list({ customer, limit: 10, expand: ['data.refunds'] }, this.#read),
    ]);
    const sub = pickSubscription(subs.data);
    return {
      available: true,
      customerId: customer,
      subscriptionStatus: sub?.status ?? null,
      plan: sub ? await this.#planName(sub) : null,
      ...subscriptionTerms(sub),
      delinquent: found.delinquent ?? null,
      recentInvoices: invoices.data.map(toInvoice),
      recentCharges: charges.data.map(toCharge),
      failedPayments: charges.data
        .filter((c) => c.status === 'failed')
        .map((c) => ({
          chargeId: c.id,
          amount: c.amount,
          currency: c.currency,
          created: iso(c.created),
          failureCode: c.failure_code ?? null,
          failureMessage: c.failure_message ?? null,
        })),
      refunds: charges.data.flatMap((c) => (c.refunds?.data ?? []).map(toRefund)).slice(0, 10),
    };
  }

  /** The price's nickname or lookup key when set, else the product's name (one more read, per product). */
  async #planName(sub: Stripe.Subscription): Promise<string | null> {
    const names = await Promise.all(
      sub.items.data.map(async (item) => {
        const price = item.price;
        if (price.nickname || price.lookup_key) return price.nickname ?? price.lookup_key;
        if (typeof price.product !== 'string') return 'name' in price.product ? price.product.name : price.id;
        const product = await this.#stripe.products.retrieve(price.product, undefined, this.#read);
        return product.name || price.id;
      }),
    );
    return names.filter(Boolean).join(' + ') || null;
  }
}

/**
 * Why a charge cannot be refunded in a conversation whose Stripe customer is `stripeCustomerId`, or null: a refund
 * returns money only to the customer the conversation is with (a charge of no customer, or of another, is refused).
 */
export function chargeOwnershipProblem(charge: Pick<ChargeAmount, 'customerId'>, stripeCustomerId: string | null) {
  if (!stripeCustomerId) return 'no Stripe customer is known for this conversation';
  if (charge.customerId !== stripeCustomerId) return "the charge does not belong to this conversation's customer";
  return null;
}

/**
 * Why a refund of `amountCents` in `currency` cannot come from this charge, or null when it can. Run it in its own
 * step before the refund: once the refund exists, a retried check would count it and wrongly refuse the retry.
 */
export function checkRefundAgainstCharge(charge: ChargeAmount, amountCents: number, currency: string): string | null {
  if (charge.currency.toLowerCase() !== currency.toLowerCase()) {
    return `the charge is in ${charge.currency.toUpperCase()}, not ${currency.toUpperCase()}`;
  }
  const refundable = charge.amount - charge.amountRefunded;
  if (amountCents > refundable) return `only ${refundable} of ${charge.amount} can still be refunded`;
  return null;
}
