import type { AiSource, PageContext } from '../../workflows/conversation/conversation.types';

export interface AnswerRequest {
  question: string;
  pageContext?: PageContext;
}

export interface RetrievedArticle {
  id: string;
  title: string;
  body: string;
  routes: string[];
  /** PostgreSQL's ts_rank of the article for the question. */
  rank: number;
  /** Share of the question's distinct search terms that the article contains (0–1). */
  coverage: number;
  /** The article is written for the page the customer is on. */
  routeMatch: boolean;
  score: number;
}

export interface AnswerResult {
  answer: string;
  confidence: number;
  /** Best first. */
  sources: AiSource[];
}
