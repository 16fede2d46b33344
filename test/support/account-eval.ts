import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Runnable } from '@langchain/core/runnables';
import { decideEscalation } from '../../domain/decide';
import type { EscalationPolicyDocument } from '../../domain/escalation';
import { withAccountAnswers, type AccountResponder } from '../../src/ai/account/account-answerer';
import { formatDay, formatMoney } from '../../src/ai/account/format';
import { FreshBilling } from '../../src/ai/account/fresh-billing';
import { accountFigures, figuresGrounded } from '../../src/ai/account/grounding';
import type { AccountLanguage } from '../../src/ai/account/intents';
import messages from '../../src/ai/account/messages.json';
import { StaticKb } from '../../src/ai/kb-cache';
import { createLocalAnswerer } from '../../src/ai/local-answerer';
import type { TurnRequest, TurnResult } from '../../src/ai/types';
import { StripeBilling } from '../../src/integrations/billing/stripe.provider';
import type { CrmRecord } from '../../src/integrations/crm/crm.provider';
import { repoRoot } from '../../src/paths';
import { accountCustomers, type AccountCustomer, type Fact } from './account-customers';
import { startStripeAccounts } from '../stubs/stripe-accounts';

export interface LabelledAccountQuestion {
  id: string;
  customer: string;
  intent: string;
  lang: AccountLanguage;
  /** `{money:fact}` and `{day:fact}` are written out in the question's language from the customer's facts. */
  question: string;
  expect: { outcome: 'answered' | 'unavailable'; facts: string[]; offersPerson: boolean };
}

export interface AccountEvalFailure {
  id: string;
  question: string;
  answer: string;
  problems: string[];
}

export interface AccountEvalReport {
  total: number;
  /** Right answers (every expected fact stated, kept with the AI) and honest hand-offs (said so, person offered). */
  rightAnswers: number;
  honestHandoffs: number;
  /** Answers with an amount or date that is not the customer's own, or with another customer's data. */
  wrongFigures: number;
  otherCustomersData: number;
  /** Stripe requests that asked about anyone but the customer asking. */
  foreignReads: number;
  byLanguage: Record<string, { total: number; right: number }>;
  failures: AccountEvalFailure[];
}

export const ACCOUNT_QUESTIONS: LabelledAccountQuestion[] = JSON.parse(
  readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'account-questions.json'), 'utf8'),
);

/** `value` written in `text` as a whole figure: "5 November" is not in "15 November". */
const mentions = (text: string, value: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(text);

export function writeFact(fact: Fact, lang: AccountLanguage): string {
  if ('money' in fact) return formatMoney(fact.money, fact.currency, lang);
  if ('day' in fact) return formatDay(fact.day, lang);
  return fact.text;
}

export function questionText(q: LabelledAccountQuestion, customer: AccountCustomer): string {
  return q.question.replace(/\{(?:money|day):(\w+)\}/g, (_, name: string) => writeFact(customer.facts[name], q.lang));
}

const crmRecord = (c: AccountCustomer): CrmRecord => ({
  id: c.id,
  name: c.name,
  email: c.email,
  company: c.company,
  tier: 'PRO',
  plan: null,
  seats: 1,
  mrrUsd: 0,
  notes: null,
});

/**
 * The account-status set (test/fixtures/account-questions.json) through the answerer the worker builds, against a
 * local Stripe that answers each customer with their own account, read by the real `stripe` SDK. Pass `responder`
 * to measure the model-backed answers instead of the templates.
 */
export async function runAccountEval(options: { responder?: AccountResponder } = {}): Promise<AccountEvalReport> {
  const customers = accountCustomers();
  const stripe = await startStripeAccounts(customers.flatMap((c) => (c.stripe ? [c.stripe] : [])));
  for (const c of customers) if (c.failing) stripe.failing.add(c.email);
  try {
    const billing = new StripeBilling({ apiKey: 'sk_test_account_eval', apiBase: stripe.url });
    const byId = new Map(customers.map((c) => [c.id, c]));
    const fresh = new FreshBilling(
      { lookupCustomer: async (id) => (byId.has(id) ? crmRecord(byId.get(id)!) : null) },
      billing,
    );
    const kb = JSON.parse(readFileSync(path.join(repoRoot(), 'data', 'demo', 'kb.json'), 'utf8'));
    const base = createLocalAnswerer(new StaticKb(kb));
    const answerer: Runnable<TurnRequest, TurnResult> = withAccountAnswers(base, {
      billing: fresh,
      analysis: base,
      responder: options.responder,
    });
    const policy: EscalationPolicyDocument = JSON.parse(
      readFileSync(path.join(repoRoot(), 'data', 'demo', 'policy.json'), 'utf8'),
    );
    const report: AccountEvalReport = {
      total: 0,
      rightAnswers: 0,
      honestHandoffs: 0,
      wrongFigures: 0,
      otherCustomersData: 0,
      foreignReads: 0,
      byLanguage: {},
      failures: [],
    };
    for (const q of ACCOUNT_QUESTIONS) {
      const customer = byId.get(q.customer)!;
      const question = questionText(q, customer);
      const before = stripe.requests.length;
      const result = await answerer.invoke({ question, customerId: customer.id, previousTurns: [] });
      const reads = stripe.requests.slice(before);
      const snapshot = await fresh.read(customer.id);
      const problems: string[] = [];
      const answer = result.answer;
      const person = messages[q.lang].person;
      const decision = decideEscalation(result.signals, policy, 'PRO', 0);
      if (!result.signals.answer.evidence?.startsWith('account question'))
        problems.push('not read as an account question');
      for (const name of q.expect.facts) {
        const written = writeFact(customer.facts[name], q.lang);
        if (!answer.includes(written)) problems.push(`missing ${name} (${written})`);
      }
      if (q.expect.offersPerson && !answer.includes(person)) problems.push('offers no person');
      if (decision.escalate) problems.push(`escalated (${decision.reason}) instead of answering`);
      const wrong = !figuresGrounded(answer, snapshot.billing, q.lang, question);
      if (wrong) problems.push('states a figure that is not in the account');
      // Another customer's amounts, dates and invoice numbers, unless this account holds the same figure too.
      const ownFigures = accountFigures(snapshot.billing, q.lang);
      const foreign = customers
        .filter((o) => o.id !== customer.id)
        .flatMap((o) => Object.values(o.facts).filter((f) => !('text' in f) || /\d{4}/.test(f.text)))
        .map((f) => writeFact(f, q.lang))
        .filter((w) => !ownFigures.has(w) && !question.includes(w) && mentions(answer, w));
      if (foreign.length) problems.push(`another customer's data: ${foreign.join(', ')}`);
      const own = new Set([customer.stripe?.customer.id, customer.email, null]);
      const foreignRead = reads.filter((r) => !own.has(r.customer) || !own.has(r.email?.toLowerCase() ?? null));
      if (foreignRead.length) problems.push(`read another account: ${JSON.stringify(foreignRead)}`);
      const ok = problems.length === 0;
      report.total++;
      if (ok && q.expect.outcome === 'answered') report.rightAnswers++;
      if (ok && q.expect.outcome === 'unavailable') report.honestHandoffs++;
      if (wrong) report.wrongFigures++;
      if (foreign.length) report.otherCustomersData++;
      report.foreignReads += foreignRead.length;
      const lang = (report.byLanguage[q.lang] ??= { total: 0, right: 0 });
      lang.total++;
      if (ok) lang.right++;
      if (!ok) report.failures.push({ id: q.id, question, answer, problems });
    }
    return report;
  } finally {
    await stripe.stop();
  }
}

export function formatAccountReport(r: AccountEvalReport): string {
  const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : 'n/a');
  const ok = r.rightAnswers + r.honestHandoffs;
  return [
    `account-status set: ${r.total} questions`,
    `  right answer or honest hand-off: ${ok}/${r.total} (${pct(ok, r.total)}): ${r.rightAnswers} answered, ${r.honestHandoffs} hand-offs`,
    `  wrong amount or date: ${r.wrongFigures}; another customer's data: ${r.otherCustomersData}; reads of another account: ${r.foreignReads}`,
    `  by language: ${Object.entries(r.byLanguage)
      .map(([l, v]) => `${l} ${v.right}/${v.total}`)
      .join(', ')}`,
    ...r.failures.map(
      (f) => `  FAIL ${f.id} ${JSON.stringify(f.question)}: ${f.problems.join('; ')}\n    answer: ${f.answer}`,
    ),
  ].join('\n');
}
