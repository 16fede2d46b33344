import { isUndocumented } from './ask-spans';
import type { KbCorpus } from './kb-corpus';
import type { CoverageGaps } from './kb-gaps';
import { HOSTING_ELSEWHERE, isGenericTerm } from './kb-lexicon';
import { unknownNames } from './kb-names';
import { searchKb, type KbHit, type KbSearchOptions } from './kb-search';
import { looksForeign } from './language';
import { contentTerms, fold, isQuestion, uniq } from './text';

export interface AnswerConfidence {
  confidence: number;
  articleId: string | null;
  evidence: string;
  hits: KbHit[];
  /** Undocumented products, platforms or features the question asks about. */
  gaps: string[];
}

/** The confidence's ingredients: fixed answers for clear cases, weights for the blend, caps for what is missing. */
const CONFIDENCE = {
  /** No article matches at all. */
  noMatch: 0.1,
  /** The best article is about the error code the customer quotes or sees. */
  errorCodeDocumented: 0.9,
  /** Nothing topical in the words: the page decides (an article for this page, or none). */
  vagueOnMatchingPage: 0.62,
  vague: 0.3,
  /** The blend: base + coverage + retrieval score (saturating at `scoreSaturation`) + margin over the runner-up. */
  base: 0.42,
  coverageWeight: 0.42,
  scoreWeight: 0.12,
  scoreSaturation: 12,
  marginWeight: 0.08,
  /** The margin counts fully from a third of the best score. */
  marginScale: 3,
  /** The best article is one of the page's. */
  routeBonus: 0.06,
  /** Words the KB never uses beyond this share lower the confidence by `unknownPenalty` per unit of share. */
  unknownTolerance: 0.25,
  unknownPenalty: 0.35,
  /** Runners-up that may answer an ask: the top three, when they score at least this share of the best. */
  candidates: 3,
  candidateShare: 0.5,
  /** A capability the answering articles never state; a product, platform or feature the KB never mentions. */
  uncoveredAskCap: 0.38,
  hardGapCap: 0.2,
  floor: 0.02,
  ceiling: 0.97,
};

/**
 * How sure we are that the best article answers the question. Covered questions land well above 0.6; a question
 * about something the KB never mentions (a product, platform, feature or discount) lands well below 0.45.
 */
export function answerConfidence(
  corpus: KbCorpus,
  coverage: CoverageGaps,
  question: string,
  opts: KbSearchOptions = {},
): AnswerConfidence {
  const hits = searchKb(corpus, question, opts);
  const best = hits[0];
  const found = coverage.gapsIn(question);
  const unknown = isQuestion(question) ? unknownNames(corpus, question) : [];
  const region = HOSTING_ELSEWHERE.exec(fold(question));
  const allGaps = uniq([...found, ...unknown, ...(region ? [`hosting in ${region[1]}`] : [])]);
  if (!best) {
    return {
      confidence: CONFIDENCE.noMatch,
      articleId: null,
      evidence: 'no article matches the question',
      hits,
      gaps: allGaps,
    };
  }
  // In another language, untranslated words are mostly grammar, not missing topics: judge only what we understood.
  const foreign = looksForeign(question);
  const terms = uniq(contentTerms(question).terms).filter((t) => !isGenericTerm(t) && (!foreign || corpus.knows(t)));
  const known = terms.filter((t) => corpus.knows(t));
  const unknownShare = terms.length > 0 ? (terms.length - known.length) / terms.length : 0;
  const second = hits[1];
  const margin = second ? (best.score - second.score) / best.score : 1;

  let confidence: number;
  let evidence: string;
  if (best.codeMatch) {
    confidence = CONFIDENCE.errorCodeDocumented;
    evidence = `the error code is documented in "${best.title}"`;
  } else if (terms.length === 0) {
    // Nothing topical in the words themselves: the page is the only context.
    confidence = best.routeMatch ? CONFIDENCE.vagueOnMatchingPage : CONFIDENCE.vague;
    evidence = best.routeMatch ? `vague question; the page points to "${best.title}"` : 'too vague to match an article';
  } else {
    const covered = foreign
      ? Math.max(best.coverage, known.filter((t) => corpus.articleHas(best.id, t)).length / Math.max(1, terms.length))
      : best.coverage;
    confidence =
      CONFIDENCE.base +
      CONFIDENCE.coverageWeight * covered +
      CONFIDENCE.scoreWeight * Math.min(1, best.score / CONFIDENCE.scoreSaturation) +
      CONFIDENCE.marginWeight * Math.min(1, margin * CONFIDENCE.marginScale);
    if (best.routeMatch) confidence += CONFIDENCE.routeBonus;
    confidence -= CONFIDENCE.unknownPenalty * Math.max(0, unknownShare - CONFIDENCE.unknownTolerance);
    evidence = `"${best.title}" covers ${Math.round(best.coverage * 100)}% of the question's key terms`;
  }
  // Each thing the question asks about must be in the answering article (or a close runner-up): a capability of a
  // documented feature that the article never mentions is not covered.
  const candidates = hits
    .slice(0, CONFIDENCE.candidates)
    .filter((h, i) => i === 0 || h.score >= CONFIDENCE.candidateShare * best.score)
    .map((h) => h.id);
  const asks = coverage.uncoveredAsks(question, candidates).filter(isUndocumented);
  const hardGaps = allGaps.length > 0;
  if (!hardGaps && asks.length > 0) {
    confidence = Math.min(confidence, CONFIDENCE.uncoveredAskCap);
    evidence = `"${best.title}" does not say whether one can ${asks[0].span} (${asks[0].missing.join(', ')})`;
    allGaps.push(...asks.map((u) => u.missing.join(' ')));
  }
  if (hardGaps) {
    confidence = Math.min(confidence, CONFIDENCE.hardGapCap);
    evidence = `the KB does not document ${allGaps.slice(0, 3).join(', ')}`;
  }
  confidence = Math.round(Math.max(CONFIDENCE.floor, Math.min(CONFIDENCE.ceiling, confidence)) * 1000) / 1000;
  return { confidence, articleId: best.id, evidence, hits, gaps: allGaps };
}
