import { RunnableLambda, RunnableSequence, type Runnable } from '@langchain/core/runnables';
import type { TurnSignals } from '../../domain/escalation';
import type { AiSource, PageContext } from '../../domain/conversation';
import { analyzeTurn } from './analysis/analyze-turn';
import { smallTalkKind } from './analysis/problem';
import type { KbArticleInput } from './analysis/kb-index';
import { composeAnswer } from './answer/compose';
import type { KbSource } from './kb-cache';
import type { TurnRequest, TurnResult } from './types';

interface Analyzed {
  request: TurnRequest;
  signals: TurnSignals;
  sources: AiSource[];
  articles: Map<string, KbArticleInput>;
}

const NO_ANSWER =
  "I couldn't find this in our help center, so I don't want to guess. Could you tell me a bit more about what you're trying to do?";

/** A greeting or an acknowledgement is answered as a person would, not with an article (see smallTalkKind). */
const SMALL_TALK_REPLIES = {
  thanks: "You're welcome! Is there anything else I can help you with?",
  greeting: 'Hi! What can I help you with today?',
  presence: "I'm here. What can I help you with?",
  other: 'Alright. If anything else comes up, just write here.',
} as const;

/** The sentences of the article that answer the question, as a person would write them (see answer/compose.ts). */
export function extractAnswer(body: string, question: string, about: AnswerContext = {}, max = 3): string {
  return composeAnswer(body, question, { max, pageError: about.pageContext?.errorMessage, plan: about.plan });
}

/** What the answer reads besides the question: the customer's page (its error) and plan. */
export interface AnswerContext {
  pageContext?: PageContext;
  plan?: string;
}

/**
 * The embedded default AI, no network: analyse the turn against the knowledge base (retrieval, confidence, explicit
 * request, category, frustration), then answer extractively from the best article. A LangChain runnable, so an LLM
 * provider can take either step's place in the same pipeline.
 */
export function createLocalAnswerer(kb: KbSource): Runnable<TurnRequest, TurnResult> {
  const analyze = RunnableLambda.from(async (request: TurnRequest): Promise<Analyzed> => {
    const { index, articles } = await kb.current();
    const result = analyzeTurn({
      turns: [...request.previousTurns, request.question],
      pageContext: request.pageContext ?? {},
      kb: index,
      categoryPrecedence: request.categoryPrecedence,
    });
    const { sources, ...signals } = result;
    return {
      request,
      signals,
      sources: sources.slice(0, 3).map((s: { id: string; title: string; score: number }) => ({
        id: s.id,
        title: s.title,
        score: Math.round(s.score * 1000) / 1000,
      })),
      articles,
    };
  }).withConfig({ runName: 'analyzeTurn' });

  const compose = RunnableLambda.from(({ request, signals, sources, articles }: Analyzed): TurnResult => {
    const confidence = Math.round(signals.answer.confidence * 1000) / 1000;
    const chat = signals.problem.smallTalk ? smallTalkKind(request.question) : null;
    if (chat) return { answer: SMALL_TALK_REPLIES[chat], confidence, sources: [], signals };
    const bestId = signals.answer.articleId ?? sources[0]?.id ?? null;
    const best = bestId ? articles.get(bestId) : undefined;
    const ordered = best
      ? [
          sources.find((s) => s.id === best.id) ?? { id: best.id, title: best.title, score: 1 },
          ...sources.filter((s) => s.id !== best.id),
        ]
      : sources;
    return {
      answer: best
        ? `${extractAnswer(best.body, request.question, request)}\n\n(From our help article “${best.title}”.)`
        : NO_ANSWER,
      confidence,
      sources: best ? ordered : [],
      signals,
    };
  }).withConfig({ runName: 'extractiveAnswer' });

  return RunnableSequence.from([analyze, compose]).withConfig({ runName: 'localAnswerer' });
}
