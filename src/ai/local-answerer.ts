import { RunnableLambda, RunnableSequence, type Runnable } from '@langchain/core/runnables';
import type { KbSearch } from './kb-search';
import type { AnswerRequest, AnswerResult, RetrievedArticle } from './types';

interface Retrieved {
  request: AnswerRequest;
  articles: RetrievedArticle[];
}

const NO_ANSWER =
  "I couldn't find this in our help center, so I don't want to guess. Could you tell me a bit more about what you're trying to do?";

function words(s: string): Set<string> {
  return new Set(s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2));
}

/** The sentences of the article that share the most words with the question, kept in the article's order. */
function extract(article: RetrievedArticle, question: string, max = 3): string {
  const q = words(question);
  const sentences = article.body.split(/(?<=[.!?])\s+/).filter((s) => s.trim().length > 0);
  const scored = sentences.map((s, i) => ({ s, i, hits: [...words(s)].filter((w) => q.has(w)).length }));
  const chosen = scored
    .filter((x) => x.hits > 0)
    .sort((a, b) => b.hits - a.hits || a.i - b.i)
    .slice(0, max)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.s.trim());
  return (chosen.length > 0 ? chosen : sentences.slice(0, 2)).join(' ');
}

/** Confidence from retrieval evidence: how much of the question the best article covers, and by what margin. */
export function retrievalConfidence(articles: RetrievedArticle[]): number {
  const [best, second] = articles;
  if (!best) return 0.05;
  const margin = second ? Math.max(0, best.score - second.score) : best.score;
  const c = 0.15 + best.coverage * 0.6 + Math.min(margin, 0.3) * 0.5 + (best.routeMatch ? 0.08 : 0);
  return Math.round(Math.min(0.97, Math.max(0.05, c)) * 1000) / 1000;
}

/**
 * The embedded default answerer: retrieval-grounded and extractive, no network. A LangChain runnable, so an LLM
 * provider can take the second step's place in the same pipeline.
 */
export function createLocalAnswerer(kb: KbSearch): Runnable<AnswerRequest, AnswerResult> {
  const retrieve = RunnableLambda.from(async (request: AnswerRequest): Promise<Retrieved> => ({
    request,
    articles: await kb.search(request.question, request.pageContext?.route ?? null),
  })).withConfig({ runName: 'kbRetrieve' });

  const compose = RunnableLambda.from(({ request, articles }: Retrieved): AnswerResult => {
    const confidence = retrievalConfidence(articles);
    const best = articles[0];
    if (!best) return { answer: NO_ANSWER, confidence, sources: [] };
    return {
      answer: `${extract(best, request.question)}\n\n(From our help article “${best.title}”.)`,
      confidence,
      sources: articles.slice(0, 3).map((a) => ({ id: a.id, title: a.title, score: Math.round(a.score * 1000) / 1000 })),
    };
  }).withConfig({ runName: 'extractiveAnswer' });

  return RunnableSequence.from([retrieve, compose]).withConfig({ runName: 'localAnswerer' });
}
