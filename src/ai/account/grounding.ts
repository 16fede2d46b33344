import type { BillingContext } from '../../integrations/billing/billing.provider';
import { formatDay, formatMoney } from './format';
import type { AccountLanguage } from './intents';

/** Every amount, date, invoice number, description and plan name of the account, as written in `language`. */
export function accountFigures(billing: BillingContext, language: AccountLanguage): Set<string> {
  const allowed = new Set<string>();
  const money = (minor: number | undefined, currency: string) =>
    minor != null && allowed.add(formatMoney(minor, currency, language));
  const day = (iso: string | null | undefined) => iso && allowed.add(formatDay(iso, language));
  for (const i of billing.recentInvoices ?? []) {
    money(i.amountDue, i.currency);
    money(i.amountPaid, i.currency);
    money(i.amountRemaining, i.currency);
    [i.created, i.dueDate, i.paidAt, i.periodStart, i.periodEnd].forEach(day);
    if (i.number) allowed.add(i.number);
    if (i.description) allowed.add(i.description);
  }
  for (const c of billing.recentCharges ?? []) {
    money(c.amount, c.currency);
    money(c.amountRefunded, c.currency);
    day(c.created);
    if (c.description) allowed.add(c.description);
  }
  for (const r of billing.refunds ?? []) {
    money(r.amount, r.currency);
    day(r.created);
  }
  [billing.renewsAt, billing.trialEndsAt, billing.currentPeriodEnd].forEach(day);
  if (billing.plan) allowed.add(billing.plan);
  return allowed;
}

/**
 * Whether every figure in a model's answer is one the account's data holds: remove each amount, date, invoice
 * number, seat count and plan name the snapshot can be written as (and whatever the customer wrote), and no digit may
 * be left. An answer with a figure from anywhere else is not sent.
 */
export function figuresGrounded(answer: string, billing: BillingContext, language: AccountLanguage, question: string) {
  const allowed = accountFigures(billing, language);
  let rest = ` ${answer} `;
  for (const s of [...allowed].sort((a, b) => b.length - a.length)) rest = rest.split(s).join(' ');
  if (billing.seats != null) rest = rest.replace(new RegExp(`(?<!\\d)${billing.seats}(?!\\d)`, 'g'), ' ');
  for (const n of question.match(/\d+(?:[.,]\d+)*/g) ?? []) rest = rest.split(n).join(' ');
  return !/\d/.test(rest);
}
