import { activityInfo, heartbeat } from '@temporalio/activity';
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
  /** The customer's plan when the conversation knows it (absent from runs started before). */
  plan?: string;
}

/** The messages a customer sent while the AI was busy, answered in one activity (see runAiBurst). */
export interface GenerateAiRepliesInput {
  conversationId: string;
  customerId: string;
  /** The customer's turns before the first of these. */
  previousTurns: string[];
  /** How many earlier turns a reply reads (the workflow keeps as many). */
  turnsKept: number;
  plan?: string;
  turns: Array<{ question: string; messageSeq: number; pageContext: PageContext }>;
}

export function createAiActivities(deps: {
  answerer: Runnable<TurnRequest, TurnResult>;
  policies: Pick<PolicyService, 'current'>;
  provider: string;
}) {
  const answer = (input: GenerateAiReplyInput, categoryPrecedence: AlwaysHumanCategory[] | undefined) =>
    deps.answerer
      .invoke(
        {
          question: input.question,
          customerId: input.customerId,
          previousTurns: input.previousTurns,
          pageContext: input.pageContext,
          categoryPrecedence,
          plan: input.plan,
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
  /**
   * Heartbeats while a model call is in flight: a worker that dies mid-call is noticed in seconds, not at timeout. A
   * local activity (the local AI, answered inside the workflow task) has no heartbeat: its task's own timeout notices.
   */
  const beating = async <T>(work: () => Promise<T>): Promise<T> => {
    if (activityInfo().isLocal) return work();
    heartbeat();
    const beat = setInterval(() => heartbeat(), 2000);
    try {
      return await work();
    } finally {
      clearInterval(beat);
    }
  };
  return {
    /**
     * One AI turn: the analysis the escalation decision reads, and the reply (with its confidence and the
     * knowledge-base articles it rests on, best first) the customer gets if the conversation stays with the AI.
     */
    async generateAiReply(input: GenerateAiReplyInput): Promise<TurnResult> {
      return beating(async () => {
        const policy = input.categoryPrecedence ? undefined : await deps.policies.current();
        const result = await answer(input, input.categoryPrecedence ?? policy?.document.categoryPrecedence);
        return policy ? { ...result, policy } : result;
      });
    },
    /**
     * Several customer messages, each answered as if on its own turn (each reads the ones before it as earlier
     * turns, as the workflow would have passed them one at a time), under one policy read. The answers do not
     * depend on each other, so a model provider is asked for them at once. The first result carries the policy.
     */
    async generateAiReplies(input: GenerateAiRepliesInput): Promise<TurnResult[]> {
      return beating(async () => {
        const policy = await deps.policies.current();
        const before = input.previousTurns;
        const results = await Promise.all(
          input.turns.map((t, k) =>
            answer(
              {
                conversationId: input.conversationId,
                customerId: input.customerId,
                question: t.question,
                previousTurns: [...before, ...input.turns.slice(0, k).map((p) => p.question)].slice(-input.turnsKept),
                pageContext: t.pageContext,
                messageSeq: t.messageSeq,
                plan: input.plan,
              },
              policy.document.categoryPrecedence,
            ),
          ),
        );
        return results.map((r, k) => (k === 0 ? { ...r, policy } : r));
      });
    },
  };
}
