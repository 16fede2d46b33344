import type { FakeStripeAccount } from '../stubs/stripe-accounts';

/** A fact an answer must state, in the question's language: an amount (minor units), a day, or text. */
export type Fact = { money: number; currency: string } | { day: string } | { text: string };

export interface AccountCustomer {
  /** Our customer id (the conversation's), and what our customers table holds for them. */
  id: string;
  name: string;
  company: string;
  email: string;
  /** Absent: Stripe knows no customer with this email. */
  stripe?: FakeStripeAccount;
  /** Stripe answers 500 for this customer: billing unavailable. */
  failing?: boolean;
  facts: Record<string, Fact>;
}

const DAY = 86400;
let seq = 0;
const id = (prefix: string) => `${prefix}_acct${String(++seq).padStart(8, '0')}`;

function subscription(p: {
  customer: string;
  status: string;
  plan: string;
  seats: number;
  periodEnd: number;
  trialEnd?: number;
  cancelAtPeriodEnd?: boolean;
}) {
  return {
    id: id('sub'),
    object: 'subscription',
    customer: p.customer,
    status: p.status,
    cancel_at_period_end: p.cancelAtPeriodEnd ?? false,
    cancel_at: null,
    trial_end: p.trialEnd ?? null,
    items: {
      object: 'list',
      data: [
        {
          id: id('si'),
          object: 'subscription_item',
          quantity: p.seats,
          current_period_end: p.periodEnd,
          price: { id: id('price'), object: 'price', nickname: p.plan, lookup_key: null, product: id('prod') },
        },
      ],
    },
  };
}

function invoice(p: {
  customer: string;
  number: string;
  status: string;
  amount: number;
  currency: string;
  created: number;
  paidAt?: number;
  dueDate?: number;
  description: string;
}) {
  const paid = p.status === 'paid';
  return {
    id: id('in'),
    object: 'invoice',
    customer: p.customer,
    number: p.number,
    status: p.status,
    currency: p.currency,
    amount_due: p.amount,
    amount_paid: paid ? p.amount : 0,
    amount_remaining: paid || p.status === 'void' ? 0 : p.amount,
    created: p.created,
    due_date: p.dueDate ?? null,
    period_start: p.created,
    period_end: p.created,
    status_transitions: { paid_at: p.paidAt ?? null, finalized_at: p.created },
    lines: {
      object: 'list',
      data: [{ id: id('il'), description: p.description, period: { start: p.created, end: p.created + 30 * DAY } }],
    },
  };
}

function charge(p: {
  customer: string;
  amount: number;
  currency: string;
  created: number;
  failed?: { code: string; message: string };
  refunds?: Array<{ amount: number; created: number; status: string }>;
}) {
  const chargeId = id('ch');
  const refunds = (p.refunds ?? []).map((r) => ({
    id: id('re'),
    object: 'refund',
    charge: chargeId,
    amount: r.amount,
    currency: p.currency,
    status: r.status,
    reason: 'requested_by_customer',
    created: r.created,
  }));
  return {
    id: chargeId,
    object: 'charge',
    customer: p.customer,
    amount: p.amount,
    amount_refunded: refunds.filter((r) => r.status === 'succeeded').reduce((n, r) => n + r.amount, 0),
    currency: p.currency,
    status: p.failed ? 'failed' : 'succeeded',
    created: p.created,
    payment_intent: id('pi'),
    description: null,
    failure_code: p.failed?.code ?? null,
    failure_message: p.failed?.message ?? null,
    refunds: { object: 'list', data: refunds, has_more: false },
  };
}

const iso = (t: number) => new Date(t * 1000).toISOString();
const money = (amount: number, currency: string): Fact => ({ money: amount, currency });
const day = (t: number): Fact => ({ day: iso(t) });

/**
 * Seven customers whose accounts differ in every figure: paid, unpaid (invoice sent, due later), a failing card,
 * on a trial, refunded, no Stripe customer, and Stripe failing. Dates are relative to `now` (seconds), so "ends on"
 * and "overdue" stay true whenever the tests run.
 */
export function accountCustomers(now = Math.floor(Date.now() / 1000)): AccountCustomer[] {
  const at = (days: number) => now + days * DAY + 3600 * 11;
  const paid = 'cus_PaidAna01';
  const unpaid = 'cus_UnpaidBen02';
  const failing = 'cus_FailChloe03';
  const trial = 'cus_TrialDieter04';
  const refunded = 'cus_RefundElena05';
  return [
    {
      id: 'acct-paid',
      name: 'Ana Ruiz',
      company: 'Ruiz Logistics',
      email: 'ana@ruiz-logistics.example',
      stripe: {
        email: 'ana@ruiz-logistics.example',
        customer: { id: paid, delinquent: false },
        subscriptions: [subscription({ customer: paid, status: 'active', plan: 'Pro', seats: 5, periodEnd: at(12) })],
        invoices: [
          invoice({
            customer: paid,
            number: 'RUIZ01-0007',
            status: 'paid',
            amount: 15000,
            currency: 'usd',
            created: at(-18),
            paidAt: at(-18),
            description: '5 × Pro (at $30.00 / month)',
          }),
          invoice({
            customer: paid,
            number: 'RUIZ01-0006',
            status: 'paid',
            amount: 12000,
            currency: 'usd',
            created: at(-49),
            paidAt: at(-49),
            description: '4 × Pro (at $30.00 / month)',
          }),
        ],
        charges: [
          charge({ customer: paid, amount: 15000, currency: 'usd', created: at(-18) }),
          charge({ customer: paid, amount: 12000, currency: 'usd', created: at(-49) }),
        ],
      },
      facts: {
        lastInvoice: money(15000, 'usd'),
        lastInvoiceNumber: { text: 'RUIZ01-0007' },
        lastPaidOn: day(at(-18)),
        olderCharge: money(12000, 'usd'),
        olderChargeOn: day(at(-49)),
        plan: { text: 'Pro' },
        seats: { text: '5' },
        renewsOn: day(at(12)),
      },
    },
    {
      id: 'acct-unpaid',
      name: 'Ben Kohl',
      company: 'Kohl Bau GmbH',
      email: 'ben@kohl-bau.example',
      stripe: {
        email: 'ben@kohl-bau.example',
        customer: { id: unpaid, delinquent: false },
        subscriptions: [
          subscription({ customer: unpaid, status: 'active', plan: 'Team', seats: 3, periodEnd: at(27) }),
        ],
        invoices: [
          invoice({
            customer: unpaid,
            number: 'KOHL02-0004',
            status: 'open',
            amount: 9000,
            currency: 'eur',
            created: at(-3),
            dueDate: at(7),
            description: '3 × Team (at €30.00 / month)',
          }),
          invoice({
            customer: unpaid,
            number: 'KOHL02-0003',
            status: 'paid',
            amount: 6000,
            currency: 'eur',
            created: at(-33),
            paidAt: at(-31),
            description: '2 × Team (at €30.00 / month)',
          }),
        ],
        charges: [charge({ customer: unpaid, amount: 6000, currency: 'eur', created: at(-31) })],
      },
      facts: {
        openInvoice: money(9000, 'eur'),
        openDueOn: day(at(7)),
        lastCharge: money(6000, 'eur'),
        lastChargeOn: day(at(-31)),
        plan: { text: 'Team' },
        seats: { text: '3' },
        renewsOn: day(at(27)),
      },
    },
    {
      id: 'acct-failed',
      name: 'Chloé Martin',
      company: 'Atelier Martin',
      email: 'chloe@atelier-martin.example',
      stripe: {
        email: 'chloe@atelier-martin.example',
        customer: { id: failing, delinquent: true },
        subscriptions: [
          subscription({ customer: failing, status: 'past_due', plan: 'Business', seats: 12, periodEnd: at(25) }),
        ],
        invoices: [
          invoice({
            customer: failing,
            number: 'MART03-0011',
            status: 'open',
            amount: 48000,
            currency: 'usd',
            created: at(-5),
            description: '12 × Business (at $40.00 / month)',
          }),
          invoice({
            customer: failing,
            number: 'MART03-0010',
            status: 'paid',
            amount: 44000,
            currency: 'usd',
            created: at(-36),
            paidAt: at(-36),
            description: '11 × Business (at $40.00 / month)',
          }),
        ],
        charges: [
          charge({
            customer: failing,
            amount: 48000,
            currency: 'usd',
            created: at(-5),
            failed: { code: 'card_declined', message: 'Your card was declined.' },
          }),
          charge({ customer: failing, amount: 44000, currency: 'usd', created: at(-36) }),
        ],
      },
      facts: {
        failedAmount: money(48000, 'usd'),
        failedOn: day(at(-5)),
        failureMessage: { text: 'Your card was declined.' },
        openInvoice: money(48000, 'usd'),
        previousCharge: money(44000, 'usd'),
        previousChargeOn: day(at(-36)),
        plan: { text: 'Business' },
        seats: { text: '12' },
        renewsOn: day(at(25)),
      },
    },
    {
      id: 'acct-trial',
      name: 'Dieter Brandt',
      company: 'Brandt Optik',
      email: 'dieter@brandt-optik.example',
      stripe: {
        email: 'dieter@brandt-optik.example',
        customer: { id: trial, delinquent: false },
        subscriptions: [
          subscription({
            customer: trial,
            status: 'trialing',
            plan: 'Pro Trial',
            seats: 2,
            periodEnd: at(9),
            trialEnd: at(9),
          }),
        ],
        invoices: [],
        charges: [],
      },
      facts: { trialEndsOn: day(at(9)), plan: { text: 'Pro Trial' }, seats: { text: '2' } },
    },
    {
      id: 'acct-refunded',
      name: 'Elena Soto',
      company: 'Soto Diseño',
      email: 'elena@soto-diseno.example',
      stripe: {
        email: 'elena@soto-diseno.example',
        customer: { id: refunded, delinquent: false },
        subscriptions: [
          subscription({
            customer: refunded,
            status: 'active',
            plan: 'Starter',
            seats: 1,
            periodEnd: at(40),
            cancelAtPeriodEnd: true,
          }),
        ],
        invoices: [
          invoice({
            customer: refunded,
            number: 'SOTO05-0002',
            status: 'paid',
            amount: 4900,
            currency: 'eur',
            created: at(-21),
            paidAt: at(-21),
            description: '1 × Starter (at €49.00 / month)',
          }),
        ],
        charges: [
          charge({
            customer: refunded,
            amount: 4900,
            currency: 'eur',
            created: at(-21),
            refunds: [{ amount: 4900, created: at(-2), status: 'succeeded' }],
          }),
          charge({ customer: refunded, amount: 2900, currency: 'eur', created: at(-52) }),
        ],
      },
      facts: {
        refund: money(4900, 'eur'),
        refundedOn: day(at(-2)),
        refundedCharge: money(4900, 'eur'),
        refundedChargeOn: day(at(-21)),
        endsOn: day(at(40)),
        plan: { text: 'Starter' },
        seats: { text: '1' },
      },
    },
    { id: 'acct-nobilling', name: 'Farid Haddad', company: 'Haddad Tech', email: 'farid@haddad.example', facts: {} },
    { id: 'acct-down', name: 'Greta Lind', company: 'Lind AB', email: 'greta@lind.example', failing: true, facts: {} },
  ];
}
