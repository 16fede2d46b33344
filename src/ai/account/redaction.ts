import { HumanMessage } from '@langchain/core/messages';
import {
  applyStrategy,
  createMiddleware,
  resolveRedactionRule,
  type PIIMatch,
  type RedactionRuleConfig,
} from 'langchain';
import type { AccountSnapshot } from './fresh-billing';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function matchesOf(re: RegExp, content: string): PIIMatch[] {
  return [...content.matchAll(re)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

/** Overlapping matches (a known name inside "my name is …") become one span, in order. */
function merged(matches: PIIMatch[]): PIIMatch[] {
  const out: PIIMatch[] = [];
  for (const m of [...matches].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last && m.start <= last.end) {
      if (m.end > last.end)
        out[out.length - 1] = { start: last.start, end: m.end, text: last.text + m.text.slice(last.end - m.start) };
    } else out.push(m);
  }
  return out;
}

/** Every way the known values appear, whole or as their longer words ("Dana", "Dana Whitfield"), case-insensitive. */
function knownValues(values: Array<string | null | undefined>): RegExp | null {
  const parts = new Set<string>();
  for (const v of values) {
    if (!v?.trim()) continue;
    parts.add(v.trim());
    for (const w of v.split(/\s+/)) if (w.length >= 3) parts.add(w);
  }
  if (!parts.size) return null;
  const alternatives = [...parts].sort((a, b) => b.length - a.length).map(escape);
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

/** A name someone gives for themself ("my name is Ana Ruiz", "je m'appelle …", "ich heiße …", "me llamo …"). */
const SELF_NAMED =
  /(?<=\b(?:my name is|this is|i am|i'm|je m'appelle|je suis|ich heiße|ich bin|me llamo|soy)\s)\p{Lu}[\p{L}'-]+(?:\s\p{Lu}[\p{L}'-]+)?/gu;
/** Stripe object ids (cus_, sub_, in_, ch_, pi_, re_, txn_, acct_ …) and invoice numbers ("A1B2C3D4-0007", "INV-0042"). */
const ACCOUNT_ID = /\b(?:cus|sub|in|ii|ch|py|pi|pm|re|txn|acct|card|src|cs|si)_[A-Za-z0-9]{6,}\b/g;
const INVOICE_NUMBER = /\b(?:[A-Z0-9]{6,10}-\d{4}|INV[-\s]?\d{3,})\b/g;

/**
 * Redaction before the model sees the customer's message: the built-in detectors (emails, card numbers, IP addresses,
 * URLs) and ours for this customer's name and company, names people give for themselves, account ids and invoice
 * numbers. Tool results pass through: they are this customer's own figures, which the answer needs.
 *
 * One middleware applying every rule, rather than one `piiMiddleware` per type: with three or more of those (each with
 * a before- and an after-model hook) langchain 1.5's agent graph loops after a tool call until its recursion limit.
 */
export function accountRedaction(snapshot: AccountSnapshot) {
  const names = knownValues([snapshot.customer?.name]);
  const company = knownValues([snapshot.customer?.company]);
  const configs: RedactionRuleConfig[] = [
    { piiType: 'email', strategy: 'redact' },
    { piiType: 'credit_card', strategy: 'redact' },
    { piiType: 'ip', strategy: 'redact' },
    { piiType: 'url', strategy: 'redact' },
    {
      piiType: 'person_name',
      strategy: 'redact',
      detector: (content: string) =>
        merged([...(names ? matchesOf(names, content) : []), ...matchesOf(SELF_NAMED, content)]),
    },
    {
      piiType: 'company',
      strategy: 'redact',
      detector: (content: string) => (company ? matchesOf(company, content) : []),
    },
    { piiType: 'account_id', strategy: 'redact', detector: (content: string) => matchesOf(ACCOUNT_ID, content) },
    {
      piiType: 'invoice_number',
      strategy: 'redact',
      detector: (content: string) => matchesOf(INVOICE_NUMBER, content),
    },
  ];
  const rules = configs.map(resolveRedactionRule);
  const redact = (text: string) =>
    rules.reduce((t, rule) => {
      const found = rule.detector(t);
      return found.length ? applyStrategy(t, found, rule.strategy, rule.piiType) : t;
    }, text);
  return createMiddleware({
    name: 'AccountPiiRedaction',
    beforeModel: (state) => {
      let changed = false;
      const messages = state.messages.map((m) => {
        if (!HumanMessage.isInstance(m) || typeof m.content !== 'string') return m;
        const content = redact(m.content);
        if (content === m.content) return m;
        changed = true;
        return new HumanMessage({ content, id: m.id, name: m.name });
      });
      return changed ? { messages } : undefined;
    },
  });
}
