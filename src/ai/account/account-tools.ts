import { tool } from 'langchain';
import { z } from 'zod';
import type { BillingContext } from '../../integrations/billing/billing.provider';
import { formatDay, formatMoney } from './format';
import type { AccountLanguage } from './intents';

/**
 * The read-only tools the account agent may call. Each one answers from the snapshot read for this customer's
 * question, so no argument a model sends can reach another account; none of them changes anything. Amounts and dates
 * come pre-written in the reply's language, so the model copies them rather than converting cents or time zones.
 */
export function accountTools(billing: BillingContext, language: AccountLanguage) {
  const money = (minor: number, currency: string) => formatMoney(minor, currency, language);
  const day = (iso: string | null | undefined) => (iso ? formatDay(iso, language) : null);
  const unavailable = !billing.available
    ? 'billing is unavailable right now'
    : !billing.customerId
      ? 'no billing account is known for this customer'
      : null;
  const reply = (data: () => unknown) => JSON.stringify(unavailable ? { unavailable } : data());
  const none = z.object({});

  return [
    tool(
      async () =>
        reply(() => ({
          plan: billing.plan ?? null,
          status: billing.subscriptionStatus ?? null,
          seats: billing.seats ?? null,
          renewsOn: day(billing.renewsAt),
          endsOn: billing.cancelAtPeriodEnd ? day(billing.currentPeriodEnd) : null,
          trialEnds: day(billing.trialEndsAt),
          delinquent: billing.delinquent ?? null,
        })),
      {
        name: 'get_subscription',
        description: "The customer's plan, seats, subscription status, renewal date and trial end",
        schema: none,
      },
    ),
    tool(
      async () =>
        reply(() =>
          (billing.recentInvoices ?? []).map((i) => ({
            number: i.number ?? null,
            status: i.status,
            amount: money(i.amountDue, i.currency),
            remaining: money(i.amountRemaining ?? i.amountDue, i.currency),
            issuedOn: day(i.created),
            dueOn: day(i.dueDate),
            paidOn: day(i.paidAt),
            period: i.periodStart && i.periodEnd ? `${day(i.periodStart)} – ${day(i.periodEnd)}` : null,
            description: i.description ?? null,
          })),
        ),
      { name: 'list_invoices', description: "The customer's recent invoices, newest first", schema: none },
    ),
    tool(
      async () =>
        reply(() =>
          (billing.recentCharges ?? []).map((c) => ({
            amount: money(c.amount, c.currency),
            on: day(c.created),
            status: c.status,
            refunded: c.amountRefunded ? money(c.amountRefunded, c.currency) : null,
            description: c.description,
            failure: billing.failedPayments?.find((f) => f.chargeId === c.id)?.failureMessage ?? null,
          })),
        ),
      { name: 'list_charges', description: "The customer's recent charges and payment attempts", schema: none },
    ),
    tool(
      async () =>
        reply(() =>
          (billing.refunds ?? []).map((r) => ({
            amount: money(r.amount, r.currency),
            on: day(r.created),
            status: r.status,
          })),
        ),
      { name: 'list_refunds', description: "The customer's refunds and their status", schema: none },
    ),
  ];
}
