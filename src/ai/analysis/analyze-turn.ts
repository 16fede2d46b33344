import type { AlwaysHumanCategory, TurnSignals } from '../../../domain/escalation';
import { detectCategory } from './category';
import { detectExplicitRequest } from './explicit-request';
import { detectFrustration } from './frustration';
import type { KbIndex } from './kb-index';
import { detectProblemContinuity } from './problem';
import { isQuestion } from './text';

export interface PageContextInput {
  route?: string | null;
  title?: string | null;
  errorMessage?: string | null;
  url?: string | null;
}

export interface AnalyzeTurnInput {
  /** Every customer turn so far, the current one last. */
  turns: string[];
  pageContext: PageContextInput;
  kb: KbIndex;
  /** The policy's categoryPrecedence; defaults to the shipped policy's order. */
  categoryPrecedence?: AlwaysHumanCategory[];
}

export type TurnAnalysis = TurnSignals & { sources: Array<{ id: string; title: string; score: number }> };

/**
 * Analyses the last customer turn in its conversation: pure and offline, so the same input always yields the same
 * signals. decideEscalation turns these into the decision.
 */
export function analyzeTurn(input: AnalyzeTurnInput): TurnAnalysis {
  return input.kb.within(() => analyzeWithLexicon(input));
}

function analyzeWithLexicon(input: AnalyzeTurnInput): TurnAnalysis {
  const { turns, pageContext, kb } = input;
  if (turns.length === 0) throw new Error('analyzeTurn needs at least one customer turn');
  const current = turns[turns.length - 1];
  const previous = turns.slice(0, -1);
  const searchOpts = {
    route: pageContext.route ?? null,
    errorMessage: pageContext.errorMessage ?? null,
    pageTitle: pageContext.title ?? null,
  };

  const own = kb.answerConfidence(current, { ...searchOpts, previousTurns: previous });
  const previousArticle =
    previous.length > 0
      ? kb.answerConfidence(previous[previous.length - 1], { ...searchOpts, previousTurns: previous.slice(0, -1) })
          .articleId
      : null;
  const problem = detectProblemContinuity(
    current,
    previous,
    own.articleId !== null && own.articleId === previousArticle,
  );

  let answer = { confidence: own.confidence, articleId: own.articleId, evidence: own.evidence as string | null };
  let sources = own.hits;
  // A progress report may name things the KB never mentions ("our bastion", "my Gmail"); only a question asks about them.
  if (problem.continuesPrevious && (own.gaps.length === 0 || !isQuestion(current))) {
    // A progress report stays on the thread's (covered) topic: judge it with the whole thread as the question.
    const thread = kb.answerConfidence([...previous, current].join('\n'), searchOpts);
    if (thread.confidence >= own.confidence || own.gaps.length > 0) {
      answer = {
        confidence: thread.confidence,
        articleId: thread.articleId,
        evidence: `follow-up on the same problem; ${thread.evidence}`,
      };
      sources = thread.hits;
    }
  }

  return {
    explicitRequest: detectExplicitRequest(current),
    category: (({ category, score, evidence }) => ({ category, score, evidence }))(
      detectCategory(current, previous, input.categoryPrecedence),
    ),
    frustration: detectFrustration(current, previous),
    answer,
    problem,
    sources: sources.slice(0, 3).map((h) => ({ id: h.id, title: h.title, score: h.score })),
  };
}
