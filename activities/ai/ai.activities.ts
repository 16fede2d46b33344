import { heartbeat } from '@temporalio/activity';
import type { Runnable } from '@langchain/core/runnables';
import { providerErrorReason } from '../../src/ai/provider-errors';
import type { TurnRequest, TurnResult } from '../../src/ai/types';
import { aiProviderErrors } from '../../src/observability/metrics';
import type { PolicyService } from '../../src/services/policy.service';
import type { PageContext } from '../../domain/conversation';
import type { AlwaysHumanCategory } from '../../domain/escalation';

export interface GenerateAiReplyInput {
  conversationId: string;
  customerId: string;
  question: string;
  previousTurns: string[];
  pageContext: PageContext;
  messageSeq: number;
  categoryPrecedence?: AlwaysHumanCategory[];
}

export function createAiActivities(deps: {
  answerer: Runnable<TurnRequest, TurnResult>;
  policies: Pick<PolicyService, 'current'>;
  provider: string;
}) {
  return {
    /**
     * One AI turn: the analysis the escalation decision reads, and the reply (with its confidence and the
     * knowledge-base articles it rests on, best first) the customer gets if the conversation stays with the AI.
     */
    async generateAiReply(input: GenerateAiReplyInput): Promise<TurnResult> {
      // Heartbeats while a model call is in flight: a worker that dies mid-call is noticed in seconds, not at timeout.
      heartbeat();
      const beat = setInterval(() => heartbeat(), 2000);
      try {
        const policy = input.categoryPrecedence ? undefined : await deps.policies.current();
        const result = await deps.answerer
          .invoke(
            {
              question: input.question,
              customerId: input.customerId,
              previousTurns: input.previousTurns,
              pageContext: input.pageContext,
              categoryPrecedence: input.categoryPrecedence ?? policy?.document.categoryPrecedence,
            },
            { runName: 'generateAiReply', metadata: { conversationId: input.conversationId, seq: input.messageSeq } },
          )
          .catch((err: unknown) => {
            aiProviderErrors.inc({
              provider: deps.provider,
              operation: 'generate_reply',
              reason: providerErrorReason(err),
            });
            throw err;
          });
        return policy ? { ...result, policy } : result;
      } finally {
        clearInterval(beat);
      }
    },
  };
}
