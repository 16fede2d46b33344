import { routeMatches } from '../route-match';
import type { KbCorpus } from './kb-corpus';
import { isGenericTerm } from './kb-lexicon';
import { contentTerms, errorCodes, stem, uniq } from './text';

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

/** BM25F field weights, in the order of `IndexedArticle.fields`: title, tags, body. */
const FIELD_WEIGHTS = [2.2, 1.2, 1];
/** BM25 term-frequency saturation. */
const K1 = 1.2;
/** BM25 length normalisation. */
const B = 0.6;
/** How much the words around the question count, against the question's own words (1). */
const CONTEXT_WEIGHT = { previous: 0.35, error: 0.6, pageTitle: 0.25 };
/** Turns before the last previous one count this share of `CONTEXT_WEIGHT.previous`. */
const OLDER_TURN_FACTOR = 0.6;
/**
 * Score added for an error code: one the article is about (in its title or tags) or only mentions, named in the
 * question itself or shown on the customer's page.
 */
const CODE_BOOST = {
  question: { primary: 12, mentioned: 2 },
  page: { primary: 8, mentioned: 1 },
};
/** Score added when one of the article's routes matches the customer's page. */
const ROUTE_BOOST = 1.5;
const DEFAULT_LIMIT = 5;
/**
 * The question's rarest word decides between close candidates: when the best article lacks it and a runner-up scoring
 * at least this share of the best has it and covers more of the question, the runner-up goes first.
 */
const RAREST_TERM_SHARE = 0.7;
/** Only a word at most this many articles use is rare enough to decide. */
const RAREST_TERM_MAX_DF = 2;

function promoteRarestTermArticle(corpus: KbCorpus, ranked: KbHit[], ownTerms: string[]): void {
  const best = ranked[0];
  if (!best || best.codeMatch) return;
  const rarest = ownTerms
    .filter((t) => corpus.documentFrequency(t) > 0 && corpus.documentFrequency(t) <= RAREST_TERM_MAX_DF)
    .sort((x, y) => corpus.idf(y) - corpus.idf(x))[0];
  if (!rarest || corpus.articleHas(best.id, rarest)) return;
  const i = ranked.findIndex(
    (h, k) =>
      k > 0 &&
      k < 3 &&
      h.score >= RAREST_TERM_SHARE * best.score &&
      h.coverage > best.coverage &&
      corpus.articleHas(h.id, rarest),
  );
  if (i > 0) ranked.unshift(...ranked.splice(i, 1));
}

const EDIT = stem('edit');

/**
 * A page title without the editor's state closing it ("Revenue (editing)", "Umsatz (Bearbeitung)", "Ventes
 * (édition)"): the page is being edited, which is no topic of the question. Any other closing parenthesis ("(HubSpot)",
 * "(EUR)") stays.
 */
function withoutEditingState(title: string): string {
  const closing = /\s*\(([^()]{1,30})\)\s*$/.exec(title);
  const terms = closing ? contentTerms(closing[1]).terms : [];
  const editing = terms.length > 0 && terms.every((t) => t === EDIT);
  return editing ? title.slice(0, closing!.index) : title;
}

/**
 * BM25F over the KB (title, tags and body weighted), with the previous turns, the page's error message and title as
 * weaker context, plus error-code and route boosts. The best hits first.
 */
export function searchKb(corpus: KbCorpus, question: string, opts: KbSearchOptions = {}): KbHit[] {
  const weights = new Map<string, number>();
  const addTerms = (text: string, w: number) => {
    for (const t of uniq(contentTerms(text).terms)) weights.set(t, Math.max(weights.get(t) ?? 0, w));
  };
  (opts.previousTurns ?? []).forEach((p, i, all) =>
    addTerms(p, CONTEXT_WEIGHT.previous * (i === all.length - 1 ? 1 : OLDER_TURN_FACTOR)),
  );
  if (opts.errorMessage) addTerms(opts.errorMessage, CONTEXT_WEIGHT.error);
  if (opts.pageTitle) addTerms(withoutEditingState(opts.pageTitle), CONTEXT_WEIGHT.pageTitle);
  addTerms(question, 1);
  const ownTerms = uniq(contentTerms(question).terms).filter((t) => !isGenericTerm(t));
  const ownWeight = ownTerms.reduce((s, t) => s + corpus.idf(t), 0);
  const questionCodes = errorCodes(question);
  const pageCodes = errorCodes(opts.errorMessage);

  const hits = corpus.articles.map((a): KbHit => {
    let score = 0;
    for (const [t, w] of weights) {
      if (!a.terms.has(t)) continue;
      let fieldScore = 0;
      a.fields.forEach((field, f) => {
        const tf = field.get(t) ?? 0;
        if (tf > 0)
          fieldScore += (FIELD_WEIGHTS[f] * tf) / (tf + K1 * (1 - B + (B * a.lengths[f]) / corpus.avgLengths[f]));
      });
      score += w * corpus.idf(t) * fieldScore;
    }
    const matchedWeight = ownTerms.filter((t) => a.terms.has(t)).reduce((s, t) => s + corpus.idf(t), 0);
    const coverage = ownWeight > 0 ? matchedWeight / ownWeight : 0;
    const routeMatch = a.routes.some((p) => routeMatches(p, opts.route));
    let codeMatch = false;
    for (const c of questionCodes) {
      if (a.primaryCodes.has(c)) {
        score += CODE_BOOST.question.primary;
        codeMatch = true;
      } else if (a.allCodes.has(c)) score += CODE_BOOST.question.mentioned;
    }
    for (const c of pageCodes) {
      if (a.primaryCodes.has(c)) {
        score += CODE_BOOST.page.primary;
        codeMatch = true;
      } else if (a.allCodes.has(c)) score += CODE_BOOST.page.mentioned;
    }
    if (routeMatch) score += ROUTE_BOOST;
    return { id: a.id, title: a.title, score: Math.round(score * 1000) / 1000, coverage, routeMatch, codeMatch };
  });
  const ranked = hits.filter((h) => h.score > 0).sort((x, y) => y.score - x.score || x.id.localeCompare(y.id));
  promoteRarestTermArticle(corpus, ranked, ownTerms);
  return ranked.slice(0, opts.limit ?? DEFAULT_LIMIT);
}
