import type { Runnable } from '@langchain/core/runnables';
import type { AnswerRequest, AnswerResult } from '../../src/ai/types';
import type { PageContext } from '../../workflows/conversation/conversation.types';

export interface GenerateAiReplyInput {
  conversationId: string;
  customerId: string;
  question: string;
  pageContext: PageContext;
  messageSeq: number;
}

export function createAiActivities(deps: { answerer: Runnable<AnswerRequest, AnswerResult> }) {
  return {
    /** One AI turn: the answer, how sure it is (0–1) and the knowledge-base articles it rests on, best first. */
    async generateAiReply(input: GenerateAiReplyInput): Promise<AnswerResult> {
      return deps.answerer.invoke(
        { question: input.question, pageContext: input.pageContext },
        { runName: 'generateAiReply', metadata: { conversationId: input.conversationId } },
      );
    },
  };
}
