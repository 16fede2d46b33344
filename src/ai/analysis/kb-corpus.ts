import { Cognates } from './cognates';
import { interfaceTranslations } from './interface-lexicon';
import { contentTerms, errorCodes, stem, words, type KbWords } from './text';

export interface KbArticleInput {
  id: string;
  title: string;
  body: string;
  tags: string[];
  routes: string[];
}

/** The fields an article is indexed by, in this order: title, tags, body. */
export const FIELD_COUNT = 3;
const [TITLE, TAGS, BODY] = [0, 1, 2];
/**
 * An article this short (content words of its body) is one answer, as a learned article is. The learned articles of
 * the paraphrase sets have 24–42; the demo's and the payroll product's articles 57 and more.
 */
const ONE_ANSWER_TERMS = 45;

export interface IndexedArticle {
  id: string;
  title: string;
  routes: string[];
  /** Term frequencies per field: title, tags, body. */
  fields: Array<Map<string, number>>;
  lengths: number[];
  terms: Set<string>;
  primaryCodes: Set<string>;
  allCodes: Set<string>;
}

/**
 * The knowledge base as the index sees it: each article's stemmed terms per field and error codes, how many articles
 * use each term, and the whole KB's stemmed text (for words and phrases it mentions anywhere).
 */
export class KbCorpus {
  readonly articles: IndexedArticle[];
  /** Average field lengths, in the order of `IndexedArticle.fields`. */
  readonly avgLengths: number[];
  /** The KB's stemmed words, space-separated and space-padded: `includes(' term ')` asks whether the KB says it. */
  readonly stemText: string;
  /** The same words as a set: `knows` asks it once per word, where scanning the text cost milliseconds a turn. */
  private readonly stemWords: Set<string>;
  private readonly df = new Map<string, number>();
  private readonly cognates: Cognates;
  /** Each sentence of the KB as its set of content terms. */
  private readonly sentenceTerms: Array<Set<string>>;
  /** The KB's topics: the words of its articles' titles and tags. */
  readonly topics: Set<string>;

  private constructor(articles: IndexedArticle[], kbText: string) {
    this.articles = articles;
    this.topics = new Set(articles.flatMap((a) => [...a.fields[TITLE].keys(), ...a.fields[TAGS].keys()]));
    for (const a of articles) for (const t of a.terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    this.avgLengths = Array.from(
      { length: FIELD_COUNT },
      (_, f) => articles.reduce((s, a) => s + a.lengths[f], 0) / Math.max(1, articles.length),
    );
    this.sentenceTerms = kbText
      .split(/(?<=[.!?])\s+|\n+/)
      .map((sentence) => new Set(contentTerms(sentence).terms))
      .filter((terms) => terms.size > 0);
    const kbWords = words(kbText);
    const stems = kbWords.map(stem);
    this.stemText = ' ' + stems.join(' ') + ' ';
    this.stemWords = new Set(stems);
    const counts = new Map<string, number>();
    for (const w of kbWords) counts.set(w, (counts.get(w) ?? 0) + 1);
    this.cognates = new Cognates([...counts].sort((x, y) => y[1] - x[1]).map(([w]): [string, string] => [w, stem(w)]));
  }

  /** The KB's key for a word of another language's interface vocabulary whose English the KB uses ("Spalte"). */
  private translatedKey(folded: string): string | null {
    for (const en of interfaceTranslations(folded)) {
      const key = stem(en);
      if (this.knows(key)) return key;
    }
    return null;
  }

  /**
   * The KB's key for a folded word the KB never uses, when it is a cognate of one the KB does ("duplicados" →
   * "duplicat") or, failing that, another language's interface word for one ("ausblenden" → "hide"); null for a word
   * the KB knows or has neither for.
   */
  readonly words: KbWords = {
    knows: (folded) => this.knows(stem(folded)),
    cognate: (folded) =>
      this.knows(stem(folded)) ? null : (this.cognates.keyFor(folded) ?? this.translatedKey(folded)),
  };

  static build(input: KbArticleInput[]): KbCorpus {
    const articles = input.map((a): IndexedArticle => {
      const texts = [a.title, a.tags.join(' ').replace(/-/g, ' '), a.body];
      const fields = texts.map((text) => {
        const tf = new Map<string, number>();
        for (const t of contentTerms(text).terms) tf.set(t, (tf.get(t) ?? 0) + 1);
        return tf;
      });
      const lengths = texts.map((text) => contentTerms(text).terms.length);
      const terms = new Set(fields.flatMap((f) => [...f.keys()]));
      const primaryCodes = new Set([...errorCodes(a.title), ...a.tags.flatMap((t) => errorCodes(t.toUpperCase()))]);
      const allCodes = new Set([...primaryCodes, ...errorCodes(a.body)]);
      return { id: a.id, title: a.title, routes: a.routes, fields, lengths, terms, primaryCodes, allCodes };
    });
    return new KbCorpus(articles, input.map((a) => `${a.title} ${a.tags.join(' ')} ${a.body}`).join('\n'));
  }

  /** How many articles use a stemmed term (0 for what the KB never says). */
  documentFrequency(term: string): number {
    return this.df.get(term) ?? 0;
  }

  /** Whether a stemmed term occurs anywhere in the KB. */
  knows(term: string): boolean {
    if (this.df.has(term)) return true;
    // A phrase (or nothing) is looked for in the text; one word in the set of the text's words.
    return term === '' || term.includes(' ') ? this.stemText.includes(` ${term} `) : this.stemWords.has(term);
  }

  /**
   * Every term the KB says beside all of `terms` (a new set): in one of its sentences, or anywhere in an article one
   * answer long (a learned article is about all it says).
   */
  termsBeside(terms: string[]): Set<string> {
    const out = new Set<string>();
    const passages = [
      ...this.sentenceTerms,
      ...this.articles.filter((a) => a.lengths[BODY] <= ONE_ANSWER_TERMS).map((a) => a.terms),
    ];
    for (const passage of passages) if (terms.every((t) => passage.has(t))) for (const t of passage) out.add(t);
    return out;
  }

  /** The terms of the articles that use every one of `terms`. */
  termsOfArticlesWith(terms: string[]): Set<string> {
    const out = new Set<string>();
    for (const a of this.articles) if (terms.every((t) => a.terms.has(t))) for (const t of a.terms) out.add(t);
    return out;
  }

  /** Some article is about all of `terms`: its title or tags name each. */
  hasArticleAbout(terms: string[]): boolean {
    return this.articles.some((a) => terms.every((t) => a.fields[TITLE].has(t) || a.fields[TAGS].has(t)));
  }

  /** Whether one sentence of the KB uses every one of these terms ("dark" and "theme" in "choose Theme > Dark"). */
  saysTogether(terms: string[]): boolean {
    return this.sentenceTerms.some((sentence) => terms.every((t) => sentence.has(t)));
  }

  idf(t: string): number {
    const n = this.articles.length;
    const df = this.df.get(t) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  article(id: string): IndexedArticle | undefined {
    return this.articles.find((a) => a.id === id);
  }

  articleHas(id: string, term: string): boolean {
    return this.article(id)?.terms.has(term) ?? false;
  }
}
