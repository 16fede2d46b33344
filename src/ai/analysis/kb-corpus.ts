import { contentTerms, errorCodes, stem, words } from './text';

export interface KbArticleInput {
  id: string;
  title: string;
  body: string;
  tags: string[];
  routes: string[];
}

/** The fields an article is indexed by, in this order: title, tags, body. */
export const FIELD_COUNT = 3;

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
  private readonly df = new Map<string, number>();

  private constructor(articles: IndexedArticle[], kbText: string) {
    this.articles = articles;
    for (const a of articles) for (const t of a.terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    this.avgLengths = Array.from(
      { length: FIELD_COUNT },
      (_, f) => articles.reduce((s, a) => s + a.lengths[f], 0) / Math.max(1, articles.length),
    );
    this.stemText = ' ' + words(kbText).map(stem).join(' ') + ' ';
  }

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
    return this.df.has(term) || this.stemText.includes(` ${term} `);
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
