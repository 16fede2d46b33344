import { KbCorpus, type KbArticleInput } from './kb-corpus';
import { answerConfidence, type AnswerConfidence } from './kb-confidence';
import { CoverageGaps } from './kb-gaps';
import { deploymentLexicon, withLexicon, type Lexicon } from './lexicon';
import { searchKb, type KbHit, type KbSearchOptions } from './kb-search';
import type { UncoveredAsk } from './ask-spans';
import { withKbWords } from './text';

export type { AnswerConfidence, KbArticleInput, KbHit, KbSearchOptions };

/**
 * The knowledge base, indexed in memory: search (kb-search.ts: BM25F with route and error-code boosts), coverage
 * gaps (kb-gaps.ts: what the KB or the answering article never documents), names in integration slots
 * (kb-names.ts), and the answer confidence built from them (kb-confidence.ts).
 */
export class KbIndex {
  private constructor(
    private readonly corpus: KbCorpus,
    private readonly coverage: CoverageGaps,
    /** The deployment's lexicon: the index and every analysis of a turn against it read this one. */
    readonly lexicon: Lexicon,
  ) {}

  static build(input: KbArticleInput[], lexicon: Lexicon = deploymentLexicon()): KbIndex {
    return withLexicon(lexicon, () => {
      const corpus = KbCorpus.build(input);
      return new KbIndex(corpus, new CoverageGaps(corpus), lexicon);
    });
  }

  /** Runs an analysis with this index's lexicon. */
  within<T>(fn: () => T): T {
    return withLexicon(this.lexicon, () => withKbWords(this.corpus.words, fn));
  }

  /** How many articles use a stemmed term (0 for what the KB never says). */
  documentFrequency(term: string): number {
    return this.corpus.documentFrequency(term);
  }

  get size(): number {
    return this.corpus.articles.length;
  }

  /** Whether a stemmed term occurs anywhere in the KB. */
  knows(term: string): boolean {
    return this.corpus.knows(term);
  }

  /** Capabilities a question asks about that none of the given articles mentions. */
  uncoveredAsks(question: string, articleIds: string[]): UncoveredAsk[] {
    return this.within(() => this.coverage.uncoveredAsks(question, articleIds));
  }

  /** Undocumented products, platforms or features a text mentions. */
  gapsIn(text: string): string[] {
    return this.within(() => this.coverage.gapsIn(text));
  }

  search(question: string, opts: KbSearchOptions = {}): KbHit[] {
    return this.within(() => searchKb(this.corpus, question, opts));
  }

  /** How sure we are that the best article answers the question (see kb-confidence.ts). */
  answerConfidence(question: string, opts: KbSearchOptions = {}): AnswerConfidence {
    return this.within(() => answerConfidence(this.corpus, this.coverage, question, opts));
  }
}
