import patterns from './patterns/explicit-request.json';
import { perLexicon } from './lexicon';
import { compile, compileAll, expandFragments } from './patterns/compile';
import { clauses, fold, quote } from './text';

/**
 * EXPLICIT_REQUEST: the customer asks for a human (person, agent, representative, operator, support engineer,
 * the support or billing team, a callback, their CSM or account manager), in any common language. Negated
 * requests, other senses of the words, past conversations and "do I need a human?" questions do not count.
 */

// Phrases where the words mean something else; removed before matching.
const otherSenses = perLexicon((_l, f) => compileAll(patterns.OTHER_SENSES, f));

// Past conversations with a human: "I spoke to an agent last week", "your rep told me".
const PAST: RegExp[] = compileAll(patterns.PAST);

// Negated or hypothetical: "no need for an agent", "don't transfer me", "do I need your billing team?"
const NEGATIONS: RegExp[] = compileAll(patterns.NEGATIONS);

// The people a customer can ask for (HUMAN: DET + PERSON_NOUN, or SOMEONE), what they want them to do (CONTACT), and
// how they say they want it (WANT): the fragments the request patterns are written with.
const requests = perLexicon((_l, f) => compileAll(patterns.REQUESTS, expandFragments(patterns.fragments, f)));

const FOREIGN_REQUESTS: RegExp[] = compileAll(patterns.FOREIGN_REQUESTS);

const KOREAN_CHINESE_REQUEST = compile(patterns.KOREAN_CHINESE_REQUEST);

const JAPANESE_REQUEST = compile(patterns.JAPANESE_REQUEST);

export interface ExplicitRequestResult {
  detected: boolean;
  evidence: string | null;
}

// Adverbs that sit between the words of a request ("I'd still like", "how do I actually reach").
const FILLERS = compile(patterns.FILLERS);

function stripAll(text: string, phrases: RegExp[]): string {
  return phrases.reduce((s, re) => s.replace(re, ' '), text);
}

export function detectExplicitRequest(turn: string): ExplicitRequestResult {
  for (const clause of clauses(turn)) {
    const lower = clause.toLowerCase().replace(/[’‘]/g, "'");
    const cleaned = stripAll(stripAll(lower.replace(/(^|\s)w\/?(?=\s)/g, '$1with'), otherSenses()), PAST).replace(
      FILLERS,
      '',
    );
    if (NEGATIONS.some((re) => re.test(cleaned))) continue;
    const folded = fold(cleaned);
    const english = requests().some((re) => re.test(cleaned));
    const foreign =
      FOREIGN_REQUESTS.some((re) => re.test(cleaned) || re.test(folded)) ||
      JAPANESE_REQUEST.test(clause) ||
      KOREAN_CHINESE_REQUEST.test(clause);
    if (english || foreign) {
      return { detected: true, evidence: `asked for a person: ${quote(clause)}` };
    }
  }
  return { detected: false, evidence: null };
}
