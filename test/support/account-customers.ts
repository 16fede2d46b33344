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
  /** Defaults to `created` for a paid invoice. */
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
    status_transitions: { paid_at: p.paidAt ?? (paid ? p.created : null), finalized_at: p.created },
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

type SubscriptionOf = Omit<Parameters<typeof subscription>[0], 'customer'>;
type InvoiceOf = Omit<Parameters<typeof invoice>[0], 'customer' | 'currency'>;
type ChargeOf = Omit<Parameters<typeof charge>[0], 'customer' | 'currency'>;

/**
 * A customer whose Stripe account, under `stripeId`, has one subscription and the invoices and charges listed, all in
 * one currency (ids are made in that order: subscription, invoices, charges).
 */
function billed(
  who: Pick<AccountCustomer, 'id' | 'name' | 'company' | 'email'>,
  account: {
    stripeId: string;
    delinquent?: boolean;
    currency: string;
    subscription: SubscriptionOf;
    invoices?: InvoiceOf[];
    charges?: ChargeOf[];
  },
  facts: Record<string, Fact>,
): AccountCustomer {
  const { stripeId: customer, currency } = account;
  return {
    ...who,
    stripe: {
      email: who.email,
      customer: { id: customer, delinquent: account.delinquent ?? false },
      subscriptions: [subscription({ ...account.subscription, customer })],
      invoices: (account.invoices ?? []).map((i) => invoice({ ...i, customer, currency })),
      charges: (account.charges ?? []).map((c) => charge({ ...c, customer, currency })),
    },
    facts,
  };
}

const iso = (t: number) => new Date(t * 1000).toISOString();
const money = (amount: number, currency: string): Fact => ({ money: amount, currency });
const day = (t: number): Fact => ({ day: iso(t) });
const text = (t: string): Fact => ({ text: t });

/**
 * Seven customers whose accounts differ in every figure: paid, unpaid (invoice sent, due later), a failing card,
 * on a trial, refunded, no Stripe customer, and Stripe failing. Dates are relative to `now` (seconds), so "ends on"
 * and "overdue" stay true whenever the tests run.
 */
export function accountCustomers(now = Math.floor(Date.now() / 1000)): AccountCustomer[] {
  const at = (days: number) => now + days * DAY + 3600 * 11;
  return [
    billed(
      { id: 'acct-paid', name: 'Ana Ruiz', company: 'Ruiz Logistics', email: 'ana@ruiz-logistics.example' },
      {
        stripeId: 'cus_PaidAna01',
        currency: 'usd',
        subscription: { status: 'active', plan: 'Pro', seats: 5, periodEnd: at(12) },
        invoices: [
          {
            number: 'RUIZ01-0007',
            status: 'paid',
            amount: 15000,
            created: at(-18),
            description: '5 × Pro (at $30.00 / month)',
          },
          {
            number: 'RUIZ01-0006',
            status: 'paid',
            amount: 12000,
            created: at(-49),
            description: '4 × Pro (at $30.00 / month)',
          },
        ],
        charges: [
          { amount: 15000, created: at(-18) },
          { amount: 12000, created: at(-49) },
        ],
      },
      {
        lastInvoice: money(15000, 'usd'),
        lastInvoiceNumber: text('RUIZ01-0007'),
        lastPaidOn: day(at(-18)),
        olderCharge: money(12000, 'usd'),
        olderChargeOn: day(at(-49)),
        plan: text('Pro'),
        seats: text('5'),
        renewsOn: day(at(12)),
      },
    ),
    billed(
      { id: 'acct-unpaid', name: 'Ben Kohl', company: 'Kohl Bau GmbH', email: 'ben@kohl-bau.example' },
      {
        stripeId: 'cus_UnpaidBen02',
        currency: 'eur',
        subscription: { status: 'active', plan: 'Team', seats: 3, periodEnd: at(27) },
        invoices: [
          {
            number: 'KOHL02-0004',
            status: 'open',
            amount: 9000,
            created: at(-3),
            dueDate: at(7),
            description: '3 × Team (at €30.00 / month)',
          },
          {
            number: 'KOHL02-0003',
            status: 'paid',
            amount: 6000,
            created: at(-33),
            paidAt: at(-31),
            description: '2 × Team (at €30.00 / month)',
          },
        ],
        charges: [{ amount: 6000, created: at(-31) }],
      },
      {
        openInvoice: money(9000, 'eur'),
        openDueOn: day(at(7)),
        lastCharge: money(6000, 'eur'),
        lastChargeOn: day(at(-31)),
        plan: text('Team'),
        seats: text('3'),
        renewsOn: day(at(27)),
      },
    ),
    billed(
      { id: 'acct-failed', name: 'Chloé Martin', company: 'Atelier Martin', email: 'chloe@atelier-martin.example' },
      {
        stripeId: 'cus_FailChloe03',
        delinquent: true,
        currency: 'usd',
        subscription: { status: 'past_due', plan: 'Business', seats: 12, periodEnd: at(25) },
        invoices: [
          {
            number: 'MART03-0011',
            status: 'open',
            amount: 48000,
            created: at(-5),
            description: '12 × Business (at $40.00 / month)',
          },
          {
            number: 'MART03-0010',
            status: 'paid',
            amount: 44000,
            created: at(-36),
            description: '11 × Business (at $40.00 / month)',
          },
        ],
        charges: [
          { amount: 48000, created: at(-5), failed: { code: 'card_declined', message: 'Your card was declined.' } },
          { amount: 44000, created: at(-36) },
        ],
      },
      {
        failedAmount: money(48000, 'usd'),
        failedOn: day(at(-5)),
        failureMessage: text('Your card was declined.'),
        openInvoice: money(48000, 'usd'),
        previousCharge: money(44000, 'usd'),
        previousChargeOn: day(at(-36)),
        plan: text('Business'),
        seats: text('12'),
        renewsOn: day(at(25)),
      },
    ),
    billed(
      { id: 'acct-trial', name: 'Dieter Brandt', company: 'Brandt Optik', email: 'dieter@brandt-optik.example' },
      {
        stripeId: 'cus_TrialDieter04',
        currency: 'usd',
        subscription: { status: 'trialing', plan: 'Pro Trial', seats: 2, periodEnd: at(9), trialEnd: at(9) },
      },
      { trialEndsOn: day(at(9)), plan: text('Pro Trial'), seats: text('2') },
    ),
    billed(
      { id: 'acct-refunded', name: 'Elena Soto', company: 'Soto Diseño', email: 'elena@soto-diseno.example' },
      {
        stripeId: 'cus_RefundElena05',
        currency: 'eur',
        subscription: { status: 'active', plan: 'Starter', seats: 1, periodEnd: at(40), cancelAtPeriodEnd: true },
        invoices: [
          {
            number: 'SOTO05-0002',
            status: 'paid',
            amount: 4900,
            created: at(-21),
            description: '1 × Starter (at €49.00 / month)',
          },
        ],
        charges: [
          { amount: 4900, created: at(-21), refunds: [{ amount: 4900, created: at(-2), status: 'succeeded' }] },
          { amount: 2900, created: at(-52) },
        ],
      },
      {
        refund: money(4900, 'eur'),
        refundedOn: day(at(-2)),
        refundedCharge: money(4900, 'eur'),
        refundedChargeOn: day(at(-21)),
        endsOn: day(at(40)),
        plan: text('Starter'),
        seats: text('1'),
      },
    ),
    { id: 'acct-nobilling', name: 'Farid Haddad', company: 'Haddad Tech', email: 'farid@haddad.example', facts: {} },
    { id: 'acct-down', name: 'Greta Lind', company: 'Lind AB', email: 'greta@lind.example', failing: true, facts: {} },
  ];
}
