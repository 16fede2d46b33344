import type Stripe from 'stripe';
import type { BillingCharge, BillingContext, BillingInvoice, BillingRefund } from './billing.provider';

const STATUS_PRIORITY = ['active', 'trialing', 'past_due', 'unpaid', 'incomplete', 'paused'];
export const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();
const isoOrNull = (unixSeconds: number | null | undefined) => (unixSeconds == null ? null : iso(unixSeconds));
export const idOf = (v: string | { id: string } | null | undefined) =>
  v == null ? null : typeof v === 'string' ? v : v.id;

/** The subscription that describes the customer now: a live one before a canceled or expired one. */
export function pickSubscription(subs: Stripe.Subscription[]): Stripe.Subscription | null {
  for (const status of STATUS_PRIORITY) {
    const s = subs.find((x) => x.status === status);
    if (s) return s;
  }
  return subs[0] ?? null;
}

/**
 * Seats, renewal and trial of the subscription. Since API version 2025-03-31 the current period lives on each item,
 * not on the subscription: the subscription renews when its first item's period ends.
 */
export function subscriptionTerms(
  sub: Stripe.Subscription | null,
): Pick<BillingContext, 'seats' | 'renewsAt' | 'currentPeriodEnd' | 'cancelAtPeriodEnd' | 'trialEndsAt'> {
  if (!sub) return { seats: null, renewsAt: null, currentPeriodEnd: null, cancelAtPeriodEnd: null, trialEndsAt: null };
  const ends = sub.items.data.map((i) => i.current_period_end).filter((t): t is number => typeof t === 'number');
  const periodEnd = ends.length ? iso(Math.min(...ends)) : null;
  const live = ['active', 'trialing', 'past_due'].includes(sub.status);
  const ending = sub.cancel_at_period_end || sub.cancel_at != null;
  return {
    seats: sub.items.data.reduce((n, i) => n + (i.quantity ?? 0), 0) || null,
    renewsAt: live && !ending ? periodEnd : null,
    currentPeriodEnd: sub.cancel_at != null ? iso(sub.cancel_at) : periodEnd,
    cancelAtPeriodEnd: ending,
    trialEndsAt: isoOrNull(sub.trial_end),
  };
}

export function toInvoice(i: Stripe.Invoice): BillingInvoice {
  const line = i.lines?.data?.[0];
  return {
    id: i.id ?? '',
    status: i.status ?? null,
    amountDue: i.amount_due,
    currency: i.currency,
    number: i.number ?? null,
    created: iso(i.created),
    dueDate: isoOrNull(i.due_date),
    paidAt: isoOrNull(i.status_transitions?.paid_at),
    amountPaid: i.amount_paid,
    amountRemaining: i.amount_remaining,
    periodStart: isoOrNull(line?.period?.start ?? i.period_start),
    periodEnd: isoOrNull(line?.period?.end ?? i.period_end),
    description: line?.description ?? i.description ?? null,
  };
}

export function toCharge(c: Stripe.Charge): BillingCharge {
  return {
    id: c.id,
    amount: c.amount,
    amountRefunded: c.amount_refunded,
    currency: c.currency,
    status: c.status,
    created: iso(c.created),
    paymentIntentId: idOf(c.payment_intent),
    description: c.description ?? null,
  };
}

export function toRefund(r: Stripe.Refund): BillingRefund {
  return {
    id: r.id,
    chargeId: idOf(r.charge),
    amount: r.amount,
    currency: r.currency,
    status: r.status ?? null,
    reason: r.reason ?? null,
    created: iso(r.created),
  };
}
