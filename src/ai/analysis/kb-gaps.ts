import gaps from '../../../data/lexicon/coverage-gaps.json';
import languageNames from '../../../data/lexicon/language-names.json';
import { askSpans, type UncoveredAsk } from './ask-spans';
import type { IndexedArticle, KbCorpus } from './kb-corpus';
import { isGenericTerm, LANGUAGE_NAMES, phraseRegex } from './kb-lexicon';
import patterns from './patterns/kb-gaps.json';
import { compile } from './patterns/compile';
import { looksForeign } from './language';
import { contentTerms, fold, stem, termGroups, translatePhrases, uniq, words } from './text';

/** Each language's names, folded (data/lexicon/language-names.json). */
const LANGUAGES: string[][] = languageNames.languages.map((l) => l.map(fold));
/** A missing word at most this many articles use is rare: the KB barely has the topic. */
const RARE_DOCUMENT_FREQUENCY = 4;
/** A missing name at most this many articles use is documented elsewhere, not in the answering article. */
const NAME_DOCUMENT_FREQUENCY = 6;
/** Stemmer slack: an article word sharing this many first letters counts ("customize" / "custom"). */
const SHARED_PREFIX = 5;

/**
 * What a question asks about that the KB does not document: products, platforms, features and languages the KB
 * never mentions (`gapsIn`), and capabilities the answering article never states (`uncoveredAsks`).
 */
export class CoverageGaps {
  private readonly matchers: Array<{ phrase: string; re: RegExp }>;
  /**
   * Gap phrases the KB uses, maybe only about other things, one per stem, each with the words the KB says beside it
   * (see usedElsewhereOnly): one-word phrases ("printed on each invoice"), and products named in more than one word
   * ("Microsoft Teams", named for one feature only). None that an article is about (its title or tags name it): that
   * article documents it.
   */
  private readonly contextual: Array<{ phrase: string; stems: string[]; beside: Set<string>; product: boolean }>;

  constructor(private readonly corpus: KbCorpus) {
    // A gap phrase the KB itself mentions is not a gap: keep only what the KB never says. A feature is mentioned
    // when one sentence uses all its words, in any order ("Theme > Dark" documents "dark theme"), or their glossary
    // equivalents ("10% off" documents "discount").
    const says = (p: string) => {
      if (corpus.stemText.includes(' ' + words(p).map(stem).join(' ') + ' ')) return true;
      if (words(p).some((w) => this.namesLanguageNatively(w))) return true;
      const terms = uniq(contentTerms(p).terms);
      // Only phrases of content words: "only see rows" is not documented by a sentence about seeing rows.
      const allContent = terms.length === p.split(/[\s-]+/).length;
      return gaps.features.includes(p) && terms.length > 0 && allContent && corpus.saysTogether(terms);
    };
    const phrases = uniq([...gaps.products, ...gaps.features]);
    const said = new Set(phrases.filter(says));
    this.matchers = phrases.filter((p) => !said.has(p)).map((phrase) => ({ phrase, re: phraseRegex(phrase) }));
    // A one-word phrase the KB does say, or a product's name of several words, once per stem ("print", "printing").
    const byStems = new Map<string, { phrase: string; stems: string[]; product: boolean }>();
    for (const phrase of said) {
      const stems = uniq(contentTerms(phrase).terms);
      const key = stems.join(' ');
      const product = words(phrase).length > 1 && gaps.products.includes(phrase);
      if ((product || words(phrase).length === 1) && stems.length > 0 && !byStems.has(key))
        byStems.set(key, { phrase, stems, product });
    }
    // A product's name is read against the articles that name it, a word against the sentences that use it.
    this.contextual = [...byStems.values()]
      .filter((g) => !corpus.hasArticleAbout(g.stems))
      .map((g) => ({
        ...g,
        beside: g.product ? corpus.termsOfArticlesWith(g.stems) : corpus.termsBeside(g.stems),
      }));
  }

  /**
   * A gap phrase the KB uses only about other things: what the question asks (its ask spans) pairs it with a
   * topic of the KB (a word of an article's title or tags) that the KB never says beside it ("print a report" when the
   * KB only says invoices are printed). The KB does not document that. Read on the spans' terms, so another
   * language's word ("imprimer") and another form ("printed") count; a word outside what is asked ("I still have my
   * printed codes") does not, nor framing words ("meet the requirements").
   */
  private usedElsewhereOnly(question: string, commonNoun: (phrase: string) => boolean): string[] {
    if (this.contextual.length === 0) return [];
    const out: string[] = [];
    const seen = new Set<string>();
    for (const { span } of askSpans(question)) {
      const terms = new Set(contentTerms(span).terms);
      for (const g of this.contextual) {
        if (seen.has(g.phrase) || !g.stems.every((t) => terms.has(t)) || commonNoun(g.phrase)) continue;
        const others = [...terms].filter((t) => !g.stems.includes(t) && this.corpus.topics.has(t) && !isGenericTerm(t));
        if (g.product) {
          // Some topic asked beside it is in none of the articles that name it (a product named for one feature,
          // asked about for another). Said with what it is asked for: the KB does name the product.
          const elsewhere = others.filter((t) => !g.beside.has(t));
          if (elsewhere.length === 0) continue;
          const asked = termGroups(span).filter((w) => w.stems.some((t) => elsewhere.includes(t)));
          out.push(asked.length > 0 ? `${g.phrase} for ${asked.map((w) => w.raw).join(' ')}` : g.phrase);
        } else if (others.length > 0 && !others.some((t) => g.beside.has(t))) {
          // A word: no topic asked beside it is ever beside it in the KB.
          out.push(g.phrase);
        } else continue;
        seen.add(g.phrase);
      }
    }
    return out;
  }

  /**
   * Capabilities a question asks about that the answering article never mentions: for each ask span, the specific
   * words (not generic, not names or numbers) none of whose synonyms the article contains. "A list is not exhaustive":
   * a documented feature's capability the article never states is not covered.
   */
  uncoveredAsks(question: string, articleIds: string[]): UncoveredAsk[] {
    const corpus = this.corpus;
    const foreign = looksForeign(question);
    const arts = articleIds.map((id) => corpus.article(id)).filter((a): a is IndexedArticle => !!a);
    if (arts.length === 0) return [];
    const out: UncoveredAsk[] = [];
    for (const { span, howTo, foreign: foreignSpan } of askSpans(question)) {
      // Quoted words are labels the customer sees on screen, not a capability they ask about.
      const groups = termGroups(span.replace(/(["“”'‘’])[^"“”'‘’]{1,60}\1/g, ' ')).filter(
        (g) =>
          (!g.name || (!/\d/.test(g.raw) && g.stems.some((t) => corpus.knows(t)))) &&
          !g.stems.every((t) => isGenericTerm(t)) &&
          // In another language only the words we understand count: the KB's words, words the glossary translates
          // ("dimanche" → sunday) and acronyms (SMS, IBAN), never grammar.
          (!(foreign || foreignSpan) ||
            g.stems.some((t) => corpus.knows(t)) ||
            /^[A-Z]{2,5}s?$/.test(g.raw) ||
            !g.stems.includes(stem(fold(g.raw)))),
      );
      if (groups.length === 0) continue;
      // How many articles use the word at all: a word most articles use ("add", "send") is how the KB talks,
      // a word no article uses ("quiet hours", "salary") is a topic the KB does not have.
      const df = (stems: string[]) => Math.max(0, ...stems.map((t) => corpus.documentFrequency(t)));
      const weight = (stems: string[]) => Math.log(1 + corpus.articles.length / (1 + df(stems)));
      const total = groups.reduce((s, g) => s + weight(g.stems), 0);
      let best: UncoveredAsk | null = null;
      for (const a of arts) {
        const missing = groups.filter((g) => !g.stems.some((t) => a.terms.has(t) || this.hasFormOf(a, t)));
        const share = missing.reduce((s, g) => s + weight(g.stems), 0) / total;
        const rare = missing.filter((g) => df(g.stems) <= RARE_DOCUMENT_FREQUENCY).length;
        const unknown = missing.filter((g) => df(g.stems) === 0 && !g.stems.some((t) => corpus.knows(t))).length;
        const names = missing.filter(
          (g) =>
            (g.name || /^[A-Z]{2,}[a-z]?$/.test(g.raw)) &&
            g.stems.some((t) => corpus.knows(t)) &&
            df(g.stems) <= NAME_DOCUMENT_FREQUENCY,
        ).length;
        const cand = {
          span,
          howTo,
          missing: missing.map((g) => g.raw),
          total: groups.length,
          share,
          rare,
          unknown,
          names,
        };
        if (best === null || cand.share < best.share) best = cand;
      }
      if (best && best.missing.length > 0) out.push(best);
    }
    return out;
  }

  /**
   * The article has a word sharing the first five letters (stemmer slack: "customize" / "custom", "scheduling"), or a
   * compound ending in the word ("notebooks" for "books").
   */
  private hasFormOf(a: IndexedArticle, t: string): boolean {
    if (t.length < SHARED_PREFIX) return false;
    const p = t.slice(0, SHARED_PREFIX);
    for (const x of a.terms) if (x.startsWith(p)) return true;
    // The head of a compound the article uses, five letters or more: "books" are the article's "notebooks".
    for (const x of a.terms) if (x.length > t.length && x.endsWith(t)) return true;
    return false;
  }

  /**
   * The KB names this language as the customer does, or by one of its names in another language than the KB's
   * (English): a list of languages written by their own names ("Español, Deutsch") documents Spanish and German.
   * The KB's English name alone does not document "Deutsch": "a German VAT ID" is a nationality, not a language.
   */
  private namesLanguage(name: string): boolean {
    const says = (n: string) => this.corpus.stemText.includes(` ${stem(n)} `) || this.corpus.stemText.includes(n);
    return says(fold(name)) || this.namesLanguageNatively(name);
  }

  /** The KB names this language by one of its names in another language ("Español" for "Spanish"). */
  private namesLanguageNatively(name: string): boolean {
    const names = LANGUAGES.find((l) => l.includes(fold(name)));
    return !!names && names.slice(1).some((n) => this.corpus.stemText.includes(` ${stem(n)} `));
  }

  /** Undocumented products, platforms or features a text mentions. */
  gapsIn(text: string): string[] {
    const f = translatePhrases(text);
    // In another language a product name can be an ordinary word ("ce tableau", "el sheet"): after a lowercase
    // article or possessive it is a common noun, not the product.
    const foreign = looksForeign(text);
    const commonNoun = (phrase: string) =>
      foreign &&
      compile(patterns.COMMON_NOUN, { PHRASE: phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') }).test(fold(text));
    const found = this.matchers.filter((g) => g.re.test(f) && !commonNoun(g.phrase)).map((g) => g.phrase);
    found.push(...this.usedElsewhereOnly(text, commonNoun));
    // Asking whether the product works in a language (UI, webinars, app) the KB never mentions.
    for (const m of fold(text).matchAll(LANGUAGE_NAMES)) {
      const name = m[0];
      // A Latin-script name must be used as a language ("in German", "auf Deutsch", "Spanish UI"), not as a
      // nationality ("our French office").
      const before = fold(text).slice(Math.max(0, m.index - 12), m.index);
      const after = fold(text).slice(m.index + name.length, m.index + name.length + 14);
      const asLanguage =
        !/^[a-z]/.test(name) ||
        /(?:^|\s)(?:in|auf|en|em|op|into|to|na|su|w|po|ins|al|au|het)\s+(?:het\s+)?$/.test(before) ||
        /^\s+(?:language|version|interface|ui|translation|localization|localisation|speaking)\b/.test(after) ||
        /\b(?:language|languages|idioma|langue|sprache|taal|lingua|jezyk|dil)\b/.test(fold(text));
      if (!asLanguage) continue;
      if (!this.namesLanguage(name)) found.push(`${name} language support`);
    }
    return uniq(found);
  }
}
