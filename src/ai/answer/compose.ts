/**
 * Extractive answers that read as instructions a person would write: whole sentences (a UI path such as
 * "... > Export" is never cut at its "..."), no opening pronoun without the sentence that says what it refers to,
 * the sentence that answers the question first, then the rest in the article's order, then what the article says
 * about the customer's plan when we know it.
 */

import { Cognates } from '../analysis/cognates';
import { looksForeign } from '../analysis/language';
import { contentTerms, errorCodes, fold, isStopword } from '../analysis/text';
import { compile } from '../analysis/patterns/compile';
import patterns from './patterns.json';

const ELLIPSIS = '\u2026';
const HOW_QUESTION = compile(patterns.HOW_QUESTION);
const WHERE_QUESTION = compile(patterns.WHERE_QUESTION);
const INSTRUCTION = compile(patterns.INSTRUCTION);
const PURPOSE = compile(patterns.PURPOSE);
/** What being the step adds to a sentence's score: about one rare word's weight and a common one's. */
const STEP_WEIGHT = 2;
const PRONOUN_OPENING =
  /^(?:they|it|its|their|them|both|such)\b|^(?:this|that|these|those)\s+(?!article|page|guide)\S/i;

function surfaceWords(s: string): Set<string> {
  return new Set(
    s
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2),
  );
}

/**
 * A question meets the article's sentences through what retrieval reads in it: its content terms, translated by the
 * glossary and stemmed ("invoices" meets "invoice"), with its surface words so a name or code still matches itself.
 * The article's sentences are read alike.
 */
function termsOf(s: string): Set<string> {
  return new Set([...surfaceWords(s), ...contentTerms(s).terms]);
}

/** A question in another language also meets the article through its words' cognates ("exporto" → export). */
function foreignQuestionTerms(question: string, body: string): Set<string> {
  const terms = termsOf(question);
  // Keyed by the article's own (surface) word, which its sentences' terms include.
  const cognates = new Cognates([...surfaceWords(fold(body))].map((w): [string, string] => [w, w]));
  for (const w of surfaceWords(fold(question))) {
    const key = cognates.keyFor(w);
    if (key) terms.add(key);
  }
  return terms;
}

/** A sentence that opens with what it is for ("To invite people, click …"), when that is what the question asks. */
function purposeIsAsked(sentence: string, read: (s: string) => Set<string>, question: Set<string>): boolean {
  const m = PURPOSE.exec(sentence);
  return !!m && [...read(m[1])].some((w) => question.has(w));
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
  /** The error on the customer's page: "why does it say this?" asks about its code. */
  pageError?: string | null;
}

export function composeAnswer(body: string, question: string, opts: ComposeOptions = {}): string {
  const max = opts.max ?? 3;
  // "How do I …" asks for the steps and "where is …" for a place: among the sentences about it, the step counts more.
  const step = HOW_QUESTION.test(question) || WHERE_QUESTION.test(question);
  const q = looksForeign(question) ? foreignQuestionTerms(question, body) : termsOf(question);
  // On a page showing an error, "why does it say this?" is about that error's code.
  for (const code of errorCodes(opts.pageError)) for (const w of termsOf(code)) q.add(w);
  const all = sentences(body);
  // Each sentence scores the question's content words it has, a word the article says in fewer sentences weighing
  // more ("the rate limit on Pro": "Pro" tells the sentence apart, "limit" does not).
  const shared = all.map((s) => [...termsOf(s)].filter((w) => q.has(w) && !isStopword(w)));
  const sentencesWith = new Map<string, number>();
  for (const ws of shared) for (const w of ws) sentencesWith.set(w, (sentencesWith.get(w) ?? 0) + 1);
  const weight = (w: string) => Math.log(1 + all.length / (sentencesWith.get(w) ?? 1));
  const scored = all.map((s, i) => {
    const hits = shared[i].reduce((sum, w) => sum + weight(w), 0);
    // The step: a sentence that says where to go, or one that opens with the task asked for ("To invite people, …").
    const isStep = hits > 0 && step && (INSTRUCTION.test(s) || purposeIsAsked(s, termsOf, q));
    return { i, hits: isStep ? hits + STEP_WEIGHT : hits };
  });
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
  // The plan as the customer's record names it, else its family: "Pro Monthly" and "Pro Annual" are "Pro" to the KB.
  const planNames = opts.plan ? [...new Set([opts.plan.trim(), opts.plan.trim().split(/\s+/)[0]])] : [];
  for (const name of planNames) {
    const plan = new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
    const about = all.findIndex((s, i) => !order.includes(i) && plan.test(s));
    if (about >= 0) {
      order.push(about);
      break;
    }
  }
  return order.map((i) => all[i]).join(' ');
}
