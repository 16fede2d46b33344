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

describe('generateAiReplies (messages that piled up while the AI answered)', () => {
  const burst = {
    conversationId: 'c-1',
    customerId: 'cus-01',
    previousTurns: ['Hi', 'How do I export a dashboard?'],
    turnsKept: 3,
    turns: [
      { question: 'As PDF?', messageSeq: 4, pageContext: { route: '/dashboards/2210' } },
      { question: 'And by email every Monday?', messageSeq: 5, pageContext: { route: '/dashboards/2210' } },
      { question: 'Who can see it?', messageSeq: 6, pageContext: { route: '/reports' } },
    ],
  };

  it('answers each as its own turn, with the ones before it as history, under one policy read', async () => {
    const { activities, asked, policyReads, env } = setup(async (req) => ({
      ...answer,
      answer: `Re: ${req.question}`,
    }));
    const results = await env.run(activities.generateAiReplies, burst);
    expect(results.map((r) => r.answer)).toEqual([
      'Re: As PDF?',
      'Re: And by email every Monday?',
      'Re: Who can see it?',
    ]);
    expect(results.map((r) => r.policy)).toEqual([policy, undefined, undefined]);
    expect(policyReads()).toBe(1);
    // Each reads as many earlier turns as the workflow keeps, the burst's own earlier messages included.
    expect(asked.map((a) => [a.question, a.previousTurns, a.pageContext?.route])).toEqual([
      ['As PDF?', ['Hi', 'How do I export a dashboard?'], '/dashboards/2210'],
      ['And by email every Monday?', ['Hi', 'How do I export a dashboard?', 'As PDF?'], '/dashboards/2210'],
      ['Who can see it?', ['How do I export a dashboard?', 'As PDF?', 'And by email every Monday?'], '/reports'],
    ]);
    expect(asked.every((a) => a.customerId === 'cus-01')).toBe(true);
    expect(env.heartbeats()).toBeGreaterThanOrEqual(1);
  });

  it('asks a model provider for the answers at once, not one after another', async () => {
    let inFlight = 0;
    let most = 0;
    const { activities, env } = setup(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 50));
      inFlight--;
      return answer;
    });
    await env.run(activities.generateAiReplies, burst);
    expect(most).toBe(3);
  });

  it('fails the attempt when one answer fails (the workflow hands the burst over), counting the reason', async () => {
    const limited = Object.assign(new Error('429 Too Many Requests'), { status: 429 });
    const { activities, env } = setup((req) =>
      req.question === 'Who can see it?' ? Promise.reject(limited) : Promise.resolve(answer),
    );
    const labels = { provider: 'unit-test', operation: 'generate_reply', reason: 'rate_limited' };
    const before = await counterValue(aiProviderErrors, labels);
    expect(await env.failure(activities.generateAiReplies, burst)).toBe(limited);
    expect(await counterValue(aiProviderErrors, labels)).toBe(before + 1);
  });
});
