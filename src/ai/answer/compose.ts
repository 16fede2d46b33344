/**
 * Extractive answers that read as instructions a person would write: whole sentences (a UI path such as
 * "... > Export" is never cut at its "..."), no opening pronoun without the sentence that says what it refers to,
 * the sentence that answers the question first, then the rest in the article's order, then what the article says
 * about the customer's plan when we know it.
 */

const ELLIPSIS = '\u2026';
const PRONOUN_OPENING =
  /^(?:they|it|its|their|them|both|such)\b|^(?:this|that|these|those)\s+(?!article|page|guide)\S/i;

function words(s: string): Set<string> {
  return new Set(
    s
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2),
  );
}

/**
 * The article's sentences. "..." in help text names a menu ("the ... menu", "... > Export"), so it never ends a
 * sentence; a sentence ends at ".", "!" or "?" followed by a capital, a digit, a quote or a bracket.
 */
export function sentences(body: string): string[] {
  const marked = body.replace(/(?<!\.)\.\.\.(?!\.)/g, ELLIPSIS);
  return marked
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}'"“‘(])/u)
    .map((s) => s.replaceAll(ELLIPSIS, '...').trim())
    .filter((s) => s.length > 0);
}

export interface ComposeOptions {
  max?: number;
  /** The customer's plan ("Pro", "Growth"): a sentence of the article about it is added last. */
  plan?: string | null;
}

export function composeAnswer(body: string, question: string, opts: ComposeOptions = {}): string {
  const max = opts.max ?? 3;
  const q = words(question);
  const all = sentences(body);
  const scored = all.map((s, i) => ({ i, hits: [...words(s)].filter((w) => q.has(w)).length }));
  const ranked = scored.filter((x) => x.hits > 0).sort((a, b) => b.hits - a.hits || a.i - b.i);
  if (ranked.length === 0) return all.slice(0, 2).join(' ');
  const chosen = ranked.slice(0, max).map((x) => x.i);
  // A sentence that opens with a pronoun brings the sentence before it, which names what the pronoun stands for.
  const withReferents = new Set<number>();
  for (const i of chosen) {
    if (i > 0 && PRONOUN_OPENING.test(all[i]) && !PRONOUN_OPENING.test(all[i - 1])) withReferents.add(i - 1);
    else if (i > 1 && PRONOUN_OPENING.test(all[i])) withReferents.add(i - 2).add(i - 1);
    withReferents.add(i);
  }
  // The best sentence (with its referent) first, the others in the article's order.
  const best = chosen[0];
  const lead = [...withReferents].filter((i) => i === best || (i < best && i >= best - 2 && !chosen.includes(i)));
  const rest = [...withReferents].filter((i) => !lead.includes(i)).sort((a, b) => a - b);
  const order = [...lead.sort((a, b) => a - b), ...rest];
  if (opts.plan) {
    const plan = new RegExp(`\\b${opts.plan.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
    const about = all.findIndex((s, i) => !order.includes(i) && plan.test(s));
    if (about >= 0) order.push(about);
  }
  return order.map((i) => all[i]).join(' ');
}
