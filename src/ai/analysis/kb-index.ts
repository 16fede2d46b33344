import gaps from '../../../data/lexicon/coverage-gaps.json';
import { routeMatches } from '../route-match';
import { askSpans, isUndocumented, type UncoveredAsk } from './ask-spans';
import { HOSTING_ELSEWHERE, isGenericTerm, LANGUAGE_NAMES, phraseRegex } from './kb-lexicon';
import {
  contentTerms,
  errorCodes,
  fold,
  isQuestion,
  isStopword,
  looksForeign,
  stem,
  termGroups,
  translatePhrases,
  uniq,
  words,
} from './text';

export interface KbArticleInput {
  id: string;
  title: string;
  body: string;
  tags: string[];
  routes: string[];
}

export interface KbSearchOptions {
  route?: string | null;
  errorMessage?: string | null;
  pageTitle?: string | null;
  /** Earlier customer turns, oldest first: weak context for short follow-ups. */
  previousTurns?: string[];
  limit?: number;
}

export interface KbHit {
  id: string;
  title: string;
  score: number;
  /** Share of the question's weighted content terms this article contains (0–1). */
  coverage: number;
  routeMatch: boolean;
  /** The article is about an error code in the question or on the page. */
  codeMatch: boolean;
}

export interface AnswerConfidence {
  confidence: number;
  articleId: string | null;
  evidence: string;
  hits: KbHit[];
  /** Undocumented products, platforms or features the question asks about. */
  gaps: string[];
}

interface IndexedArticle {
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

const FIELD_WEIGHTS = [2.2, 1.2, 1];
const K1 = 1.2;
const B = 0.6;
const CONTEXT_WEIGHT = { previous: 0.35, error: 0.6, pageTitle: 0.25 };

/**
 * An in-memory BM25F index over the KB (title, tags and body weighted), with route and error-code boosts, plus the
 * answer confidence: whether the question's key content is covered by the KB at all.
 */
export class KbIndex {
  private readonly articles: IndexedArticle[];
  private readonly df = new Map<string, number>();
  private readonly avgLengths: number[];
  private readonly gapMatchers: Array<{ phrase: string; re: RegExp }>;
  private readonly kbStemText: string;

  private constructor(articles: IndexedArticle[], kbText: string) {
    this.articles = articles;
    for (const a of articles) for (const t of a.terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    this.avgLengths = FIELD_WEIGHTS.map(
      (_, f) => articles.reduce((s, a) => s + a.lengths[f], 0) / Math.max(1, articles.length),
    );
    // A gap phrase the KB itself mentions is not a gap: keep only what the KB never says.
    this.kbStemText = ' ' + words(kbText).map(stem).join(' ') + ' ';
    this.gapMatchers = uniq([...gaps.products, ...gaps.features])
      .filter((p) => !this.kbStemText.includes(' ' + words(p).map(stem).join(' ') + ' '))
      .map((phrase) => ({ phrase, re: phraseRegex(phrase) }));
  }

  static build(input: KbArticleInput[]): KbIndex {
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
    return new KbIndex(articles, input.map((a) => `${a.title} ${a.tags.join(' ')} ${a.body}`).join('\n'));
  }

  /** How many articles use a stemmed term (0 for what the KB never says), and how many articles there are. */
  documentFrequency(term: string): number {
    return this.df.get(term) ?? 0;
  }

  get size(): number {
    return this.articles.length;
  }

  /** Whether a stemmed term occurs anywhere in the KB. */
  knows(term: string): boolean {
    return this.df.has(term) || this.kbStemText.includes(` ${term} `);
  }

  private idf(t: string): number {
    const n = this.articles.length;
    const df = this.df.get(t) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private articleHas(id: string, term: string): boolean {
    return this.articles.find((a) => a.id === id)?.terms.has(term) ?? false;
  }

  /**
   * Capabilities a question asks about that the answering article never mentions: for each ask span, the specific
   * words (not generic, not names or numbers) none of whose synonyms the article contains. "A list is not exhaustive":
   * a documented feature's capability the article never states is not covered.
   */
  uncoveredAsks(question: string, articleIds: string[]): UncoveredAsk[] {
    const foreign = looksForeign(question);
    const arts = articleIds.map((id) => this.articles.find((a) => a.id === id)).filter((a): a is IndexedArticle => !!a);
    if (arts.length === 0) return [];
    const out: UncoveredAsk[] = [];
    for (const { span, howTo } of askSpans(question)) {
      // Quoted words are labels the customer sees on screen, not a capability they ask about.
      const groups = termGroups(span.replace(/(["“”'‘’])[^"“”'‘’]{1,60}\1/g, ' ')).filter(
        (g) =>
          (!g.name || (!/\d/.test(g.raw) && g.stems.some((t) => this.knows(t)))) &&
          !g.stems.every((t) => isGenericTerm(t)) &&
          (!foreign || g.stems.some((t) => this.knows(t))),
      );
      if (groups.length === 0) continue;
      // How many articles use the word at all: a word most articles use ("add", "send") is how the KB talks,
      // a word no article uses ("quiet hours", "salary") is a topic the KB does not have.
      const df = (stems: string[]) => Math.max(0, ...stems.map((t) => this.df.get(t) ?? 0));
      const weight = (stems: string[]) => Math.log(1 + this.articles.length / (1 + df(stems)));
      const total = groups.reduce((s, g) => s + weight(g.stems), 0);
      let best: UncoveredAsk | null = null;
      for (const a of arts) {
        const missing = groups.filter((g) => !g.stems.some((t) => a.terms.has(t) || this.hasPrefix(a, t)));
        const share = missing.reduce((s, g) => s + weight(g.stems), 0) / total;
        const rare = missing.filter((g) => df(g.stems) <= 4).length;
        const unknown = missing.filter((g) => df(g.stems) === 0 && !g.stems.some((t) => this.knows(t))).length;
        const names = missing.filter(
          (g) => (g.name || /^[A-Z]{2,}[a-z]?$/.test(g.raw)) && g.stems.some((t) => this.knows(t)) && df(g.stems) <= 6,
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

  /** The article has a word sharing the first five letters (stemmer slack: "customize" / "custom", "scheduling"). */
  private hasPrefix(a: IndexedArticle, t: string): boolean {
    if (t.length < 5) return false;
    const p = t.slice(0, 5);
    for (const x of a.terms) if (x.startsWith(p)) return true;
    return false;
  }

  /** Undocumented products, platforms or features a text mentions. */
  gapsIn(text: string): string[] {
    const f = translatePhrases(text);
    // In another language a product name can be an ordinary word ("ce tableau", "el sheet"): after a lowercase
    // article or possessive it is a common noun, not the product.
    const foreign = looksForeign(text);
    const commonNoun = (phrase: string) =>
      foreign &&
      new RegExp(
        String.raw`(?:^|[^\p{L}])(?:ce|cet|cette|le|la|les|un|une|du|des|mon|ma|mes|ton|votre|vos|notre|nos|son|sa|ses|el|los|las|una|mi|tu|su|nuestro|nuestra|o|os|um|uma|meu|minha|il|lo|gli|der|die|das|den|dem|ein|eine|einen|het|de|een|mijn|ons|onze)\s+${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\p{L}])`,
        'u',
      ).test(fold(text));
    const found = this.gapMatchers.filter((g) => g.re.test(f) && !commonNoun(g.phrase)).map((g) => g.phrase);
    // Asking whether Lumen works in a language (UI, webinars, app) the KB never mentions.
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
      if (!this.kbStemText.includes(` ${stem(name)} `) && !this.kbStemText.includes(name))
        found.push(`${name} language support`);
    }
    return uniq(found);
  }

  search(question: string, opts: KbSearchOptions = {}): KbHit[] {
    const weights = new Map<string, number>();
    const addTerms = (text: string, w: number) => {
      for (const t of uniq(contentTerms(text).terms)) weights.set(t, Math.max(weights.get(t) ?? 0, w));
    };
    (opts.previousTurns ?? []).forEach((p, i, all) =>
      addTerms(p, CONTEXT_WEIGHT.previous * (i === all.length - 1 ? 1 : 0.6)),
    );
    if (opts.errorMessage) addTerms(opts.errorMessage, CONTEXT_WEIGHT.error);
    if (opts.pageTitle) addTerms(opts.pageTitle.replace(/\(editing\)/i, ''), CONTEXT_WEIGHT.pageTitle);
    addTerms(question, 1);
    const ownTerms = uniq(contentTerms(question).terms).filter((t) => !isGenericTerm(t));
    const ownWeight = ownTerms.reduce((s, t) => s + this.idf(t), 0);
    const questionCodes = errorCodes(question);
    const pageCodes = errorCodes(opts.errorMessage);

    const hits = this.articles.map((a): KbHit => {
      let score = 0;
      for (const [t, w] of weights) {
        if (!a.terms.has(t)) continue;
        let fieldScore = 0;
        a.fields.forEach((field, f) => {
          const tf = field.get(t) ?? 0;
          if (tf > 0)
            fieldScore += (FIELD_WEIGHTS[f] * tf) / (tf + K1 * (1 - B + (B * a.lengths[f]) / this.avgLengths[f]));
        });
        score += w * this.idf(t) * fieldScore;
      }
      const matchedWeight = ownTerms.filter((t) => a.terms.has(t)).reduce((s, t) => s + this.idf(t), 0);
      const coverage = ownWeight > 0 ? matchedWeight / ownWeight : 0;
      const routeMatch = a.routes.some((p) => routeMatches(p, opts.route));
      let codeMatch = false;
      for (const c of questionCodes) {
        if (a.primaryCodes.has(c)) {
          score += 12;
          codeMatch = true;
        } else if (a.allCodes.has(c)) score += 2;
      }
      for (const c of pageCodes) {
        if (a.primaryCodes.has(c)) {
          score += 8;
          codeMatch = true;
        } else if (a.allCodes.has(c)) score += 1;
      }
      if (routeMatch) score += 1.5;
      return { id: a.id, title: a.title, score: Math.round(score * 1000) / 1000, coverage, routeMatch, codeMatch };
    });
    return hits
      .filter((h) => h.score > 0)
      .sort((x, y) => y.score - x.score || x.id.localeCompare(y.id))
      .slice(0, opts.limit ?? 5);
  }

  /**
   * How sure we are that the best article answers the question. Covered questions land well above 0.6; a question
   * about something the KB never mentions (a product, platform, feature or discount) lands well below 0.45.
   */
  answerConfidence(question: string, opts: KbSearchOptions = {}): AnswerConfidence {
    const hits = this.search(question, opts);
    const best = hits[0];
    const found = this.gapsIn(question);
    const unknown = isQuestion(question) ? this.unknownNames(question) : [];
    const region = HOSTING_ELSEWHERE.exec(fold(question));
    const allGaps = uniq([...found, ...unknown, ...(region ? [`hosting in ${region[1]}`] : [])]);
    if (!best) {
      return { confidence: 0.1, articleId: null, evidence: 'no article matches the question', hits, gaps: allGaps };
    }
    // In another language, untranslated words are mostly grammar, not missing topics: judge only what we understood.
    const foreign = looksForeign(question);
    const terms = uniq(contentTerms(question).terms).filter((t) => !isGenericTerm(t) && (!foreign || this.knows(t)));
    const known = terms.filter((t) => this.knows(t));
    const unknownShare = terms.length > 0 ? (terms.length - known.length) / terms.length : 0;
    const second = hits[1];
    const margin = second ? (best.score - second.score) / best.score : 1;

    let confidence: number;
    let evidence: string;
    if (best.codeMatch) {
      confidence = 0.9;
      evidence = `the error code is documented in "${best.title}"`;
    } else if (terms.length === 0) {
      // Nothing topical in the words themselves: the page is the only context.
      confidence = best.routeMatch ? 0.62 : 0.3;
      evidence = best.routeMatch
        ? `vague question; the page points to "${best.title}"`
        : 'too vague to match an article';
    } else {
      const coverage = foreign
        ? Math.max(best.coverage, known.filter((t) => this.articleHas(best.id, t)).length / Math.max(1, terms.length))
        : best.coverage;
      confidence = 0.42 + 0.42 * coverage + 0.12 * Math.min(1, best.score / 12) + 0.08 * Math.min(1, margin * 3);
      if (best.routeMatch) confidence += 0.06;
      confidence -= 0.35 * Math.max(0, unknownShare - 0.25);
      evidence = `"${best.title}" covers ${Math.round(best.coverage * 100)}% of the question's key terms`;
    }
    // Each thing the question asks about must be in the answering article (or a close runner-up): a capability of a
    // documented feature that the article never mentions is not covered.
    const candidates = hits
      .slice(0, 3)
      .filter((h, i) => i === 0 || h.score >= 0.5 * best.score)
      .map((h) => h.id);
    const asks = this.uncoveredAsks(question, candidates).filter(isUndocumented);
    const hardGaps = allGaps.length > 0;
    if (!hardGaps && asks.length > 0) {
      confidence = Math.min(confidence, 0.38);
      evidence = `"${best.title}" does not say whether one can ${asks[0].span} (${asks[0].missing.join(', ')})`;
      allGaps.push(...asks.map((u) => u.missing.join(' ')));
    }
    if (hardGaps) {
      confidence = Math.min(confidence, 0.2);
      evidence = `the KB does not document ${allGaps.slice(0, 3).join(', ')}`;
    }
    confidence = Math.round(Math.max(0.02, Math.min(0.97, confidence)) * 1000) / 1000;
    return { confidence, articleId: best.id, evidence, hits, gaps: allGaps };
  }

  /**
   * Product or platform names in an integration slot ("integrate with X", "an X connector", "does it run on X")
   * that the KB never mentions.
   */
  private unknownNames(question: string): string[] {
    const out: string[] = [];
    const slot =
      /\b(?:integrat\w*|connect\w*|sync\w*|import\w*|pull\w*|push\w*|export\w*|works?|compatible|plug-?ins?|run|runs|available|support\w*)\s+(?:directly\s+)?(?:with|to|from|into|on|for|in)\s+(?:our\s+|my\s+|a\s+|an\s+|the\s+)?([\p{L}\p{N}][\p{L}\p{N}.+#-]*(?:\s+[\p{Lu}][\p{L}\p{N}.+#-]*)?)/giu;
    const noun =
      /\b(?:an?|any|your|the)\s+([\p{L}\p{N}][\p{L}\p{N}.+#-]*(?:\s+[\p{Lu}][\p{L}\p{N}.+#-]*)?)\s+(?:connector|integration|app|plugin|plug-in|add-on|addon|extension|sdk|client|driver)s?\b/giu;
    // "Does Lumen support OpenID Connect?": the supported thing follows the verb directly.
    const supportSlot =
      /(?<!\b(?:we|i|they|you)\s+(?:already\s+|also\s+)?)\b(?:support|supports|offer|offers|have|has|accept|accepts)\s+([\p{Lu}][\p{L}\p{N}.+#-]*(?:\s+[\p{Lu}][\p{L}\p{N}.+#-]*)?)/gu;
    for (const re of [slot, noun, supportSlot]) {
      for (const m of question.matchAll(re)) {
        const name = m[1];
        const parts = words(name)
          .filter((w) => !isStopword(w))
          .map(stem)
          .filter((t) => t.length > 1);
        if (parts.length === 0) continue;
        const nameLike = /[\p{Lu}]/u.test(name) || /\d/.test(name);
        if (!nameLike) continue;
        if (parts.some((p) => !this.knows(p) && !isGenericTerm(p))) out.push(name.trim());
      }
    }
    return out;
  }
}
