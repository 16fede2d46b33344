import type { BillingCharge, BillingContext, BillingInvoice } from '../../integrations/billing/billing.provider';
import { formatDay, formatMoney, onAskedDay, parseAskedAmount, parseAskedDay, pluralCategory } from './format';
import type { AccountIntent, AccountLanguage } from './intents';
import messages from './messages.json';

type Catalogue = (typeof messages)['en'];
type Key = Exclude<keyof Catalogue, 'topic' | 'status'>;

/**
 * answered: the account's own data answers it. unavailable: billing could not be read or knows no such customer,
 * said so, a person offered. action: money must move or a dispute be judged, which only a person does.
 */
export type AccountOutcome = 'answered' | 'unavailable' | 'action';

export interface AccountAnswer {
  intent: AccountIntent;
  language: AccountLanguage;
  outcome: AccountOutcome;
  answer: string;
  /** A person is the next step (offered in the answer, or the hand-off itself). */
  offersPerson: boolean;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, k: string) => (k in values ? String(values[k]) : whole));
}

class Writer {
  readonly t: Catalogue;
  constructor(readonly language: AccountLanguage) {
    this.t = messages[language];
  }
  say(key: Key, values: Record<string, string | number> = {}): string {
    return fill(this.t[key], values);
  }
  money(minor: number, currency: string) {
    return formatMoney(minor, currency, this.language);
  }
  day(iso: string) {
    return formatDay(iso, this.language);
  }
  status(s: string | null | undefined) {
    return (this.t.status as Record<string, string>)[s ?? ''] ?? s ?? '';
  }
  number(inv: BillingInvoice) {
    return inv.number ? ` ${inv.number}` : '';
  }
}

const newestFirst = <T extends { created?: string }>(xs: T[] | undefined) =>
  [...(xs ?? [])].sort((a, b) => (b.created ?? '').localeCompare(a.created ?? ''));

function invoiceStatus(w: Writer, billing: BillingContext, now: Date): string {
  const inv = newestFirst(billing.recentInvoices).find((i) => i.status !== 'draft');
  if (!inv) return w.say('invoice_none');
  const v = {
    number: w.number(inv),
    amount: w.money(inv.amountDue, inv.currency),
    created: inv.created ? w.day(inv.created) : '',
    remaining: w.money(inv.amountRemaining ?? inv.amountDue, inv.currency),
    paidAt: inv.paidAt ? w.day(inv.paidAt) : '',
    dueDate: inv.dueDate ? w.day(inv.dueDate) : '',
  };
  if (inv.status === 'paid') return w.say(inv.paidAt ? 'invoice_paid' : 'invoice_paid_undated', v);
  if (inv.status === 'void') return w.say('invoice_void', v);
  if (inv.status === 'uncollectible') return w.say('invoice_uncollectible', v);
  if (inv.dueDate && new Date(inv.dueDate) < now) return w.say('invoice_overdue', v);
  return w.say(inv.dueDate ? 'invoice_open_due' : 'invoice_open', v);
}

/** The invoice a charge paid: same amount, paid within two days of the charge. */
function invoiceOf(charge: BillingCharge, invoices: BillingInvoice[] | undefined): BillingInvoice | null {
  return (
    (invoices ?? []).find(
      (i) =>
        i.amountPaid === charge.amount &&
        i.currency === charge.currency &&
        i.paidAt != null &&
        Math.abs(new Date(i.paidAt).getTime() - new Date(charge.created).getTime()) <= 2 * 86400_000,
    ) ?? null
  );
}

function explainCharge(w: Writer, billing: BillingContext, question: string): { text: string; found: boolean } {
  const charges = newestFirst(billing.recentCharges);
  if (!charges.length) return { text: w.say('charge_none'), found: false };
  const askedAmount = parseAskedAmount(question);
  const askedDay = parseAskedDay(question);
  const matches = charges.filter(
    (c) =>
      (!askedAmount ||
        (Math.round(askedAmount.value * 100) === c.amount &&
          (!askedAmount.currency || askedAmount.currency === c.currency))) &&
      (!askedDay || onAskedDay(c.created, askedDay)),
  );
  const charge = matches.find((c) => c.status === 'succeeded') ?? matches[0];
  if (!charge) {
    const asked = [askedAmount?.text, askedDay?.text].filter(Boolean).join(' / ');
    const list = charges
      .filter((c) => c.status === 'succeeded')
      .slice(0, 3)
      .map((c) => w.say('amount_on', { amount: w.money(c.amount, c.currency), date: w.day(c.created) }))
      .join(', ');
    return { text: list ? w.say('charge_not_found', { asked, list }) : w.say('charge_none'), found: false };
  }
  const base = { amount: w.money(charge.amount, charge.currency), date: w.day(charge.created) };
  if (charge.status === 'failed') return { text: w.say('charge_failed', base), found: true };
  const inv = invoiceOf(charge, billing.recentInvoices);
  const period =
    inv?.periodStart && inv.periodEnd
      ? w.say('period', { start: w.day(inv.periodStart), end: w.day(inv.periodEnd) })
      : '';
  let text = inv
    ? w.say('charge_invoice', {
        ...base,
        number: w.number(inv),
        description: inv.description ?? billing.plan ?? '',
        period,
      })
    : charge.description
      ? w.say('charge_described', { ...base, description: charge.description })
      : w.say('charge_plain', base);
  if (charge.amountRefunded > 0)
    text += w.say('charge_refunded', { refunded: w.money(charge.amountRefunded, charge.currency) });
  return { text, found: Boolean(inv || charge.description) };
}

function planAndSeats(w: Writer, b: BillingContext): string {
  if (!b.plan || !b.subscriptionStatus) return w.say('plan_none');
  const status = w.status(b.subscriptionStatus);
  if (!b.seats) return w.say('plan_noseats', { plan: b.plan, status });
  const seats = fill(w.t[`seats_${pluralCategory(b.seats, w.language)}`], { n: b.seats });
  return w.say('plan', { plan: b.plan, seats, status });
}

function renewal(w: Writer, b: BillingContext): string {
  const plan = b.plan ?? '';
  if (b.cancelAtPeriodEnd && b.currentPeriodEnd)
    return w.say('renewal_ending', { plan, date: w.day(b.currentPeriodEnd) });
  if (!b.renewsAt) return w.say('renewal_none');
  if (b.subscriptionStatus === 'trialing' && b.trialEndsAt) {
    return w.say('renewal_trialing', { plan, trialEnd: w.day(b.trialEndsAt), date: w.day(b.renewsAt) });
  }
  return w.say('renewal', { plan, date: w.day(b.renewsAt) });
}

function trial(w: Writer, b: BillingContext, now: Date): string {
  const plan = b.plan ?? '';
  const status = w.status(b.subscriptionStatus);
  if (b.trialEndsAt && new Date(b.trialEndsAt) > now)
    return w.say('trial_active', { plan, date: w.day(b.trialEndsAt) });
  if (b.trialEndsAt) return w.say('trial_ended', { plan, status, date: w.day(b.trialEndsAt) });
  return b.plan && b.subscriptionStatus ? w.say('trial_none', { plan, status }) : w.say('trial_nothing');
}

function refundStatus(w: Writer, b: BillingContext): { text: string; found: boolean } {
  const refund = newestFirst(b.refunds)[0];
  if (!refund) return { text: w.say('refund_none'), found: false };
  const charge = b.recentCharges?.find((c) => c.id === refund.chargeId);
  const forCharge = charge
    ? w.say('refund_for', { amount: w.money(charge.amount, charge.currency), date: w.day(charge.created) })
    : '';
  const v = { amount: w.money(refund.amount, refund.currency), date: w.day(refund.created), forCharge };
  if (refund.status === 'succeeded') return { text: w.say('refund_done', v), found: true };
  if (refund.status === 'failed' || refund.status === 'canceled')
    return { text: w.say('refund_failed', v), found: false };
  return { text: w.say('refund_pending', v), found: true };
}

function paymentHealth(w: Writer, b: BillingContext, now: Date): { text: string; problem: boolean } {
  const charges = newestFirst(b.recentCharges);
  const latest = charges[0];
  const failed = newestFirst(b.failedPayments)[0];
  const overdue = newestFirst(b.recentInvoices).find(
    (i) => i.status === 'open' && i.dueDate && new Date(i.dueDate) < now && (i.amountRemaining ?? i.amountDue) > 0,
  );
  if (latest?.status === 'failed' && failed) {
    const reason = failed.failureMessage ?? w.t.reason_unknown;
    return {
      text: w.say('payment_failed', {
        amount: w.money(failed.amount, failed.currency),
        date: w.day(failed.created),
        reason,
      }),
      problem: true,
    };
  }
  if (overdue?.dueDate) {
    const v = {
      number: w.number(overdue),
      amount: w.money(overdue.amountDue, overdue.currency),
      dueDate: w.day(overdue.dueDate),
    };
    return {
      text: w.say('payment_overdue', {
        ...v,
        remaining: w.money(overdue.amountRemaining ?? overdue.amountDue, overdue.currency),
      }),
      problem: true,
    };
  }
  if (failed && latest) {
    const v = { amount: w.money(failed.amount, failed.currency), date: w.day(failed.created) };
    return {
      text: w.say('payment_recovered', {
        ...v,
        latest: w.money(latest.amount, latest.currency),
        latestDate: w.day(latest.created),
      }),
      problem: false,
    };
  }
  if (latest)
    return {
      text: w.say('payment_ok', { amount: w.money(latest.amount, latest.currency), date: w.day(latest.created) }),
      problem: false,
    };
  return { text: w.say('payment_ok_none'), problem: false };
}

/**
 * The templated answer to an account question, from the customer's own billing read and nothing else: every amount
 * and date in it is one the billing provider returned. Where the data is not there it says so and offers a person.
 */
export function composeAccountAnswer(
  intent: AccountIntent,
  language: AccountLanguage,
  billing: BillingContext,
  question: string,
  now = new Date(),
): AccountAnswer {
  const w = new Writer(language);
  const done = (outcome: AccountOutcome, answer: string, offersPerson = outcome !== 'answered'): AccountAnswer => ({
    intent,
    language,
    outcome,
    answer: offersPerson && outcome !== 'action' ? `${answer} ${w.t.person}` : answer,
    offersPerson,
  });
  if (intent === 'action') return done('action', w.say('action'));
  const topic = w.t.topic[intent];
  if (!billing.available) return done('unavailable', w.say('unavailable', { topic }));
  if (!billing.customerId) return done('unavailable', w.say('no_customer', { topic }));
  switch (intent) {
    case 'invoice_paid':
      return done('answered', invoiceStatus(w, billing, now));
    case 'charge_explain': {
      const r = explainCharge(w, billing, question);
      return done('answered', r.text, !r.found);
    }
    case 'plan_seats':
      return done('answered', planAndSeats(w, billing));
    case 'renewal':
      return done('answered', renewal(w, billing));
    case 'trial_end':
      return done('answered', trial(w, billing, now));
    case 'refund_status': {
      const r = refundStatus(w, billing);
      return done('answered', r.text, !r.found);
    }
    case 'payment_failing': {
      const r = paymentHealth(w, billing, now);
      return done('answered', r.text, r.problem);
    }
  }
}
