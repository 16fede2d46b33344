import patterns from './patterns/ask-spans.json';
import { perLexicon } from './lexicon';
import { compile, compileAll } from './patterns/compile';
import { clauses } from './text';

/**
 * Where a question names the capability it asks about: the words after "can I", "is there", "does it", "how do I",
 * "if I", "what's the". The span stops where the scenario starts (a comma, "so", "because", "when", a new subject),
 * so "can I set quiet hours so it doesn't ping the store managers" asks about "set quiet hours".
 */
const HOW_TO = [compile(patterns.HOW_TO), compile(patterns.HOW_TO_FOREIGN)];
// Spanish, French, German and Portuguese openers ("¿Se puede …?", "Peut-on …", "Können wir …", "Dá para …").
const FOREIGN_OPENERS = compileAll(patterns.ASK_OPENERS_FOREIGN);
const askOpeners = perLexicon((_l, f): RegExp[] => [
  ...HOW_TO,
  ...compileAll(patterns.ASK_OPENERS, f),
  ...FOREIGN_OPENERS,
]);
const SPAN_END = compile(patterns.SPAN_END);

const NEEDS_A_PERSON = compile(patterns.NEEDS_A_PERSON);

export interface UncoveredAsk {
  span: string;
  /** The span is a "how do I …" procedure question rather than a "can I / is there …" capability question. */
  howTo: boolean;
  missing: string[];
  total: number;
  /** idf-weighted share of the span's words that the article lacks. */
  share: number;
  /** Missing words that at most four articles use. */
  rare: number;
  /** Missing words the KB never uses. */
  unknown: number;
  /** Missing product or feature names (Capitalised or an acronym) that other articles document. */
  names: number;
}

/** An ask span counts as undocumented when most of its weight is missing and some of what is missing is rare. */
export function isUndocumented(u: UncoveredAsk): boolean {
  // "How do I …" asks for the steps of something the customer already takes to exist: judged by retrieval alone.
  if (u.howTo) return false;
  // "Can status updates go to Microsoft Teams?" when Teams is documented only elsewhere.
  if (u.names >= 1 && u.share >= 0.25) return true;
  if (u.unknown === 0 && u.rare < 2) return false;
  return u.share >= 0.5 || (u.share >= 0.4 && u.unknown >= 1);
}

export interface AskSpan {
  span: string;
  howTo: boolean;
  /** Opened in Spanish, French, German or Portuguese: only the words we understand count. */
  foreign: boolean;
}

/** The last question's spans, for its lexicon: the coverage test reads them twice a turn (gapsIn, uncoveredAsks). */
let last: { openers: RegExp[]; text: string; spans: readonly AskSpan[] } | null = null;

export function askSpans(text: string): readonly AskSpan[] {
  const openers = askOpeners();
  if (last?.openers === openers && last.text === text) return last.spans;
  const spans = Object.freeze(spansOf(text, openers));
  last = { openers, text, spans };
  return spans;
}

function spansOf(text: string, openers: RegExp[]): AskSpan[] {
  const out: AskSpan[] = [];
  for (const clause of clauses(text)) {
    for (const re of openers) {
      let rest = clause;
      let m: RegExpExecArray | null;
      while ((m = re.exec(rest)) !== null) {
        const tail = m[1];
        const end = tail.search(SPAN_END);
        const span = (end >= 0 ? tail.slice(0, end) : tail).trim();
        // "Do I need someone from support to …": whether a human is needed, not a capability of the product.
        if (NEEDS_A_PERSON.test(span)) {
          rest = tail;
          continue;
        }
        if (span && !out.some((o) => o.span === span))
          out.push({ span, howTo: HOW_TO.includes(re), foreign: re === HOW_TO[1] || FOREIGN_OPENERS.includes(re) });
        rest = tail;
      }
    }
  }
  return out;
}
