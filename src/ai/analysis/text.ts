import glossary from '../../../data/lexicon/glossary.json';
import { StemmedGlossary } from './cognates';
import { perLexicon } from './lexicon';

/**
 * Text helpers shared by the retrieval index and the detectors: folding (lowercase, no accents), tokenising,
 * a light English stemmer, stopwords, error-code extraction and the multilingual glossary.
 */

export function fold(s: string): string {
  return s
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ı/g, 'i')
    .replace(/ł/g, 'l')
    .normalize('NFC');
}

/** Error codes such as AB-401, XY-28P01, ERR_SOME_TIMEOUT (upper case, with a dash or underscore). */
export function errorCodes(s: string | null | undefined): string[] {
  if (!s) return [];
  const found = s.match(/\b[A-Z][A-Z0-9]*(?:[-_][A-Z0-9]+)+\b/g) ?? [];
  return [...new Set(found.map((c) => c.toLowerCase()).filter((c) => c.length >= 5))];
}

const STOPWORDS = new Set(
  (
    'a an the and or but if then so of to in on at by for with from into onto about as is are was were be been being am ' +
    'do does did doing done have has had having i me my mine we us our ours you your yours he him his she her they them their ' +
    'it its this that these those there here what which who whom whose when where why how can could would should will shall may ' +
    'might must not no nor too very just only also even still yet again ever any some all each every both either neither few more ' +
    'most other such own same than up down out over under off once inside please pls thanks thank hi hello hey ok okay yes yeah ' +
    'want wants need needs like get got gets getting make makes made let lets know tell use using used way thing things ' +
    'really actually basically right now today sure maybe something anything everything someone anyone everyone one ones ' +
    "im i'm it's its we're dont don't doesnt doesn't didnt didn't cant can't wont won't isnt isn't arent aren't " +
    'lol haha btw fyi hmm ugh wow oh well quick question questions help guys team folks there s t re ve ll d m ' +
    'de la el los las un una y o en con para por que se es del al lo le les des du et ou pour avec est sur pas je nous vous ' +
    'der die das ein eine und oder mit fur ist ich wir sie den dem im zu auf o os um uma e com para nao eu il lo gli di da ' +
    'che non per het een en van met voor niet ik wij je op te dat hoe wat como cual cuales comment quel quelle quels ' +
    'quelles wie welche welcher welches welchen hoe come qual quais ' +
    'une aux ces cette mon mes votre vos notre nos ses leur leurs elle ils ne mais donc tout tous toute toutes peut puis sont ont ai avez avons ' +
    'mi mis su sus nuestro nuestra nuestros nuestras este esta estos esto ese esa eso muy pero puedo puede podemos tengo tiene tenemos hay ya ' +
    'mein meine meinen unser unsere unseren unserem ihre ihren kann konnen wird werden wenn auch noch nur schon bitte man ' +
    'sich sind hat haben nicht kein keine einen einem einer aus bei nach vom zum zur uber ' +
    'meu minha nosso nossa nossos nossas seu sua posso podemos tem temos tambem ja muito isso esse essa dos das na nas ao aos pelo pela ' +
    'mio mia nostro nostra nostri nostre puo possiamo anche gia molto questo questa del della dei delle nel nella sul sulla alla ci ho abbiamo sono ' +
    'mijn onze ons kunnen ook maar nog dit deze zijn heb hebben wordt worden er'
  ).split(/\s+/),
);

/** French/Italian elided articles and pronouns glued to the next word: d'un, l'historique, qu'il, dell'area. */
export const ELISION = /^(?:d|l|qu|n|j|s|c|m|t|dell|all|nell|sull|dall|un)'(?=\p{L})/u;

/**
 * The vocabulary for the active lexicon: the shared glossary (support words in several languages) with the
 * deployment's own words on top, and the product's names, which are never a topic.
 */
const vocabulary = perLexicon((lexicon, fragments) => {
  const exact = { ...glossary.words, ...lexicon.glossary.words } as Record<string, string>;
  const stemmed = new StemmedGlossary(exact);
  return {
    words: exact,
    /** The glossary's entry for a word: exact, else by its stem in another language. */
    // A question word the KB never uses: the entry for another form of it ("reembolsaron" → "reembolso").
    wordEntry: (w: string): string | undefined =>
      exact[w] ?? (kbWords && !kbWords.knows(w) ? stemmed.lookup(w) : undefined),
    phrases: Object.entries({ ...glossary.phrases, ...lexicon.glossary.phrases } as Record<string, string>).map(
      ([k, v]): [string, string] => [fold(k), v],
    ),
    /** The glossary's phrases of several words, as folded words, longest first. */
    multiWord: Object.entries({ ...glossary.phrases, ...lexicon.glossary.phrases } as Record<string, string>)
      .map(([k, v]): [string[], string] => [words(k), v])
      .filter(([ws]) => ws.length > 1)
      .sort((x, y) => y[0].length - x[0].length),
    productWords: new Set(lexicon.productNames.flatMap((n) => words(n))),
    asksAboutProduct: new RegExp(`\\bdoes (?:${fragments.PRODUCT}|it) (?:have|support|offer|work|integrate)`, 'i'),
  };
});

/**
 * The KB's own word for a question word it never uses (a cognate in another language, see cognates.ts), while an
 * analysis runs against a KB index; none while the index itself is built.
 */
export interface KbWords {
  /** Whether the KB uses this folded word (its stem). */
  knows(folded: string): boolean;
  /**
   * The KB's key for a folded word it never uses, when it is a cognate of one it does or another language's interface
   * word for one it does; else null.
   */
  cognate(folded: string): string | null;
}
let kbWords: KbWords | null = null;
const kbWordFor = (w: string): string | null => kbWords?.cognate(w) ?? null;

/** Runs an analysis with the KB's words (KbIndex.within sets them). */
export function withKbWords<T>(words: KbWords | null, fn: () => T): T {
  const before = kbWords;
  kbWords = words;
  try {
    return fn();
  } finally {
    kbWords = before;
  }
}

export function isStopword(t: string): boolean {
  return STOPWORDS.has(t) || vocabulary().productWords.has(t);
}

/** Folded text with the glossary's multi-word phrases replaced by their English ("mot de passe" → "password"). */
export function translatePhrases(s: string): string {
  let f = fold(s);
  for (const [phrase, en] of vocabulary().phrases) if (f.includes(phrase)) f = f.split(phrase).join(` ${en} `);
  return f;
}

/** Porter-flavoured suffix stripping: only needs to map a word and its inflections to the same key. */
export function stem(w: string): string {
  if (w.length <= 3 || /\d/.test(w)) return w;
  let s = w;
  if (s.endsWith("'s")) s = s.slice(0, -2);
  const rules: Array<[RegExp, string]> = [
    [/ational$/, 'ate'],
    [/izations?$/, 'ize'],
    [/isations?$/, 'ize'],
    [/ations?$/, ''],
    [/(ness|ments?|ful)$/, ''],
    [/ies$/, 'y'],
    [/ied$/, 'y'],
    [/(ss)es$/, '$1'],
    [/([sxz]|ch|sh)es$/, '$1'],
    [/ings?$/, ''],
    [/edly$/, ''],
    [/ed$/, ''],
    [/ly$/, ''],
    [/([^su])s$/, '$1'],
  ];
  for (const [re, rep] of rules) {
    if (re.test(s)) {
      const next = s.replace(re, rep);
      if (next.length >= 3) {
        s = next;
        break;
      }
    }
  }
  s = s.replace(/([^aeiou])\1$/, '$1');
  if (s.length > 3) s = s.replace(/e$/, '');
  if (s.length > 3) s = s.replace(/y$/, 'i');
  return s;
}

/** Raw word tokens of folded text (letters, digits, inner dashes and dots kept: "ab-401", "utf-8"). */
export function words(s: string): string[] {
  return fold(s).match(/[\p{L}\p{N}]+(?:[-_.'][\p{L}\p{N}]+)*/gu) ?? [];
}

export interface Terms {
  /** Stemmed content terms, in order, glossary expansions included. */
  terms: string[];
  /** Content terms the glossary produced (translations, synonyms), stemmed. */
  expanded: string[];
}

/** Texts kept per lexicon and KB: a turn's analysis reads the same few texts again and again (below). */
const TERMS_KEPT = 1000;
/** Stands for "no KB words" (the index being built) as a key. */
const NO_KB_WORDS = {};
const termsMemo = perLexicon(() => new WeakMap<object, Map<string, Readonly<Terms>>>());

/**
 * Content terms of a text: glossary translation, stopword removal, stemming; hyphenated words also split.
 *
 * Remembered per lexicon and KB (what the terms depend on besides the text), for the last TERMS_KEPT texts: one AI
 * turn tokenised the conversation's earlier turns (up to eight) and the current one a dozen times over (retrieval,
 * the earlier turn's article, frustration's similarity to each earlier turn, problem continuity), and every turn of a
 * conversation tokenised its earlier turns again. The arrays are frozen: callers share them.
 */
export function contentTerms(text: string): Readonly<Terms> {
  const byKb = termsMemo();
  const key = kbWords ?? NO_KB_WORDS;
  let memo = byKb.get(key);
  if (!memo) byKb.set(key, (memo = new Map()));
  let terms = memo.get(text);
  if (terms === undefined) {
    terms = computeContentTerms(text);
    Object.freeze(terms.terms);
    Object.freeze(terms.expanded);
    Object.freeze(terms);
    if (memo.size >= TERMS_KEPT) memo.delete(memo.keys().next().value!);
    memo.set(text, terms);
  }
  return terms;
}

function computeContentTerms(text: string): Terms {
  const folded = fold(text);
  const { wordEntry, phrases: PHRASES } = vocabulary();
  const out: string[] = [];
  const expanded: string[] = [];
  const push = (w: string, isExpansion: boolean) => {
    if (!w || isStopword(w) || (w.length < 2 && !/\d/.test(w))) return;
    const st = (!isExpansion && kbWordFor(w)) || stem(w);
    out.push(st);
    if (isExpansion) expanded.push(st);
  };
  // A glossary term is split like a word of the text: "login" → "sign-in" must meet an article's "sign in".
  const pushEntry = (entry: string) => {
    for (const x of entry.split(/\s+/)) {
      if (/[-_.]/.test(x) && !/\d/.test(x)) for (const part of x.split(/[-_.]/)) push(part, true);
      else push(x, true);
    }
  };
  let rest = folded;
  for (const [phrase, en] of PHRASES) {
    if (folded.includes(phrase)) {
      pushEntry(en);
      // The phrase's own words ("tableau", "bord") are translated, not separate topics.
      if (/\s/.test(phrase)) rest = rest.split(phrase).join(' ');
    }
  }
  for (const raw of words(rest)) {
    const w = raw.replace(/'s$/, '').replace(ELISION, '');
    const mapped = wordEntry(w);
    if (mapped !== undefined) {
      pushEntry(mapped);
      if (!mapped.split(/\s+/).includes(w)) continue;
    }
    if (/[-_.]/.test(w)) {
      if (/\d/.test(w)) out.push(w);
      for (const part of w.split(/[-_.]/)) {
        const m = wordEntry(part);
        if (m !== undefined) pushEntry(m);
        else push(part, false);
      }
      continue;
    }
    push(w, false);
  }
  return { terms: out, expanded };
}

/** The stemmed content terms of a glossary entry, its hyphenated words split as contentTerms splits them. */
function phraseStems(entry: string): string[] {
  return entry
    .split(/\s+/)
    .flatMap((x) => (/[-_.]/.test(x) && !/\d/.test(x) ? x.split(/[-_.]/) : [x]))
    .filter((x) => x && !isStopword(x))
    .map(stem);
}

export interface TermGroup {
  /** The word as written. */
  raw: string;
  /** Its stemmed content terms (the word itself, or its glossary synonyms/translations): any one of them covers it. */
  stems: string[];
  /** Written like a name (Capitalised, not all caps) or with digits: an instance detail, not a capability. */
  name: boolean;
}

/** Content words of a text, each with its alternative stems (glossary synonyms), in order. */
export function termGroups(text: string): TermGroup[] {
  const out: TermGroup[] = [];
  const { wordEntry, multiWord } = vocabulary();
  const raws = text.normalize('NFKC').match(/[\p{L}\p{N}@]+(?:[-_.'’][\p{L}\p{N}]+)*/gu) ?? [];
  const folded = raws.map((r) => fold(r.replace(/^@/, '')));
  for (let i = 0; i < raws.length; i++) {
    // A glossary phrase is one thing asked about, as contentTerms reads it ("keyboard commands" → "keyboard shortcut").
    const phrase = multiWord.find(([ws]) => ws.every((x, k) => folded[i + k] === x));
    if (phrase) {
      const stems = uniq(phraseStems(phrase[1]));
      if (stems.length > 0) out.push({ raw: raws.slice(i, i + phrase[0].length).join(' '), stems, name: false });
      i += phrase[0].length - 1;
      continue;
    }
    const raw = raws[i].replace(/^@/, '');
    const w = fold(raw).replace(/[’]/g, "'").replace(/'s$/, '').replace(ELISION, '');
    if (!w || isStopword(w) || (w.length < 2 && !/\d/.test(w))) continue;
    const mapped = wordEntry(w);
    const parts =
      mapped !== undefined
        ? mapped.split(/\s+/).filter(Boolean)
        : /[-_.]/.test(w) && !/\d/.test(w)
          ? w.split(/[-_.]/)
          : [w];
    const stems = uniq(
      [...parts, ...(mapped !== undefined ? [] : [w])]
        .filter((x) => x && !isStopword(x))
        .map((x) => (mapped === undefined && kbWordFor(x)) || stem(x)),
    );
    if (stems.length === 0) continue;
    const name = /\d/.test(raw) || (/^\p{Lu}/u.test(raw) && raw !== raw.toUpperCase());
    out.push({ raw, stems, name });
  }
  return out;
}

export function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** Sentence-ish pieces of a message, for rules that must not reach across clauses. */
export function clauses(text: string): string[] {
  return text
    .split(/(?<=[.!?;。！？])\s*|\n+|,\s+(?=but\b|though\b|however\b)/i)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Short quote of a message for evidence strings. */
export function quote(s: string, max = 80): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return `"${t.length > max ? t.slice(0, max - 1) + '…' : t}"`;
}

/** The message asks something (a question mark, an interrogative opening, or "is there / do you have"). */
export function isQuestion(text: string): boolean {
  const t = text.trim();
  return (
    /[?？]/.test(t) ||
    /^(?:how|where|what|why|when|which|who|whom|can|could|is|are|do|does|did|will|would|should|may|any)\b/i.test(t) ||
    /\b(?:is there|are there|do you (?:have|offer|support)|does it (?:have|support|offer|work|integrate)|i wonder|wondering)\b/i.test(
      t,
    ) ||
    vocabulary().asksAboutProduct.test(fold(t)) ||
    /^(?:como|cual|donde|puedo|hay|comment|ou|est-ce|puis-je|wie|wo|kann|gibt es|onde|posso|existe|dove|come|posso|hoe|waar|kan ik|is er)\b/i.test(
      fold(t),
    ) ||
    /(?:ですか|ますか|でしょうか|か)[。]?$/.test(t)
  );
}
