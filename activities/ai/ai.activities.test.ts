import { ApplicationFailure } from '@temporalio/common';
import { RunnableLambda } from '@langchain/core/runnables';
import type { AlwaysHumanCategory } from '../../domain/escalation';
import type { PolicySnapshot } from '../../domain/policy/sla';
import type { TurnRequest, TurnResult } from '../../src/ai/types';
import { aiProviderErrors } from '../../src/observability/metrics';
import { activityEnv, counterValue, demoPolicy } from '../../test/support/activity-env';
import { createAiActivities, type GenerateAiReplyInput } from './ai.activities';

const policy: PolicySnapshot = { version: 4, document: demoPolicy() };

const answer: TurnResult = {
  answer: 'Open the dashboard, then Share, then Export as PDF.',
  confidence: 0.9,
  sources: [{ id: 'kb-001', title: 'Exporting dashboards', score: 1 }],
  signals: {
    explicitRequest: { detected: false, evidence: null },
    category: { category: null, score: 0, evidence: null },
    frustration: { score: 0, signals: [], evidence: null },
    answer: { confidence: 0.9, articleId: 'kb-001', evidence: null },
    problem: { continuesPrevious: false, smallTalk: false },
  },
};

const input: GenerateAiReplyInput = {
  conversationId: 'c-1',
  customerId: 'cus-01',
  question: 'How do I export a dashboard to PDF?',
  previousTurns: ['Hi'],
  pageContext: { route: '/dashboards/2210' },
  messageSeq: 3,
};

/** The AI pipeline as a real runnable around `reply`, recording what each call asked; the policy read is counted. */
function setup(reply: (req: TurnRequest) => Promise<TurnResult>) {
  const asked: TurnRequest[] = [];
  let policyReads = 0;
  const activities = createAiActivities({
    answerer: RunnableLambda.from(async (req: TurnRequest) => {
      asked.push(req);
      return reply(req);
    }),
    policies: {
      current: async () => {
        policyReads++;
        return policy;
      },
    },
    provider: 'unit-test',
  });
  return { activities, asked, policyReads: () => policyReads, env: activityEnv() };
}

describe('generateAiReply', () => {
  it('asks the pipeline under the newest policy and says which version it used', async () => {
    const { activities, asked, policyReads, env } = setup(async () => answer);
    const result = await env.run(activities.generateAiReply, input);
    expect(result).toEqual({ ...answer, policy });
    expect(policyReads()).toBe(1);
    expect(asked).toEqual([
      {
        question: input.question,
        // Whose conversation it is: account questions are answered from this customer's billing only.
        customerId: input.customerId,
        previousTurns: ['Hi'],
        pageContext: { route: '/dashboards/2210' },
        categoryPrecedence: policy.document.categoryPrecedence,
      },
    ]);
    expect(env.heartbeats()).toBeGreaterThanOrEqual(1); // a dead worker is noticed by its heartbeat timeout
  });

  it('takes the precedence the workflow passes (the policy it loaded itself) and reads no policy of its own', async () => {
    const { activities, asked, policyReads, env } = setup(async () => answer);
    const pinned: AlwaysHumanCategory[] = ['billing_dispute', 'security_incident', 'legal_privacy'];
    const result = await env.run(activities.generateAiReply, { ...input, categoryPrecedence: pinned });
    expect(result).toEqual(answer);
    expect(policyReads()).toBe(0);
    expect(asked[0].categoryPrecedence).toEqual(pinned);
  });

  it('counts a failed model call by its reason and fails the attempt retryably', async () => {
    const limited = Object.assign(new Error('429 Too Many Requests'), { status: 429 });
    const { activities, env } = setup(() => Promise.reject(limited));
    const labels = { provider: 'unit-test', operation: 'generate_reply', reason: 'rate_limited' };
    const before = await counterValue(aiProviderErrors, labels);
    const err = await env.failure(activities.generateAiReply, input);
    expect(err).toBe(limited);
    expect(err).not.toBeInstanceOf(ApplicationFailure); // Temporal retries it; the workflow's fallback comes after
    expect(await counterValue(aiProviderErrors, labels)).toBe(before + 1);
  });
});
