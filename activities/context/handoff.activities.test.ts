import type { HandoffWriter } from '../../src/ai/handoff-writer';
import { assembledHandoff } from '../../src/ai/handoff-writer';
import type { Handoff } from '../../src/services/context.types';
import type { HandoffMaterial } from '../../src/services/handoff-store';
import type { EscalationRecord } from '../../workflows/conversation/conversation.messages';
import { activityEnv } from '../../test/support/activity-env';
import { createHandoffActivities } from './handoff.activities';

const yesterday = () => new Date(Date.now() - 24 * 3600 * 1000).toISOString();

/** A conversation that asked twice, got one AI answer citing an article, then asked for a person. */
const material = (): HandoffMaterial => ({
  customerId: 'cus-01',
  pageContext: { route: '/dashboards/2210', errorMessage: 'E_EXPORT_TIMEOUT: export timed out' },
  context: {
    page: { route: '/dashboards/2210' },
    customer: {
      id: 'cus-01',
      name: 'Ada Lovelace',
      company: 'Analytical Engines',
      tier: 'ENTERPRISE',
      plan: 'enterprise-annual',
      seats: 120,
      mrrUsd: 9000,
    },
    crm: { provider: 'builtin', available: true },
    billing: { available: false },
    previousConversations: [{ id: 'c-0', status: 'RESOLVED', createdAt: yesterday(), firstMessage: 'SSO broke' }],
    gatheredAt: '2026-03-02T10:00:00.000Z',
  },
  messages: [
    { seq: 1, authorKind: 'CUSTOMER', body: 'My PDF export times out. It worked last week.', ai: null },
    {
      seq: 2,
      authorKind: 'AI',
      body: 'Large dashboards export in the background. You get an email when it is ready.',
      ai: { confidence: 0.62, sources: [{ id: 'kb-014', title: 'Exporting large dashboards', score: 3.1 }] },
    },
    { seq: 3, authorKind: 'CUSTOMER', body: 'No email came. Let me talk to a person please.', ai: null },
  ],
});

const escalation: EscalationRecord = {
  reason: 'EXPLICIT_REQUEST',
  category: null,
  triggers: [{ kind: 'EXPLICIT_REQUEST', fired: true, score: 1, threshold: null, evidence: 'talk to a person' }],
  confidence: 0.62,
  sentiment: -0.6,
  policyVersion: 3,
  at: '2026-03-02T10:01:00.000Z',
};

function setup(writer: HandoffWriter = assembledHandoff, conv: HandoffMaterial = material()) {
  const asked: string[] = [];
  const saved: Array<{ conversationId: string; handoff: Handoff }> = [];
  const activities = createHandoffActivities({
    store: {
      material: async (conversationId) => {
        asked.push(conversationId);
        return conv;
      },
      save: async (conversationId, handoff) => void saved.push({ conversationId, handoff }),
      queueInfo: async (conversationId, tier) => ({
        position: conversationId === 'c-9' && tier === 'ENTERPRISE' ? 3 : null,
        estimatedWaitSeconds: 120,
      }),
    },
    writer,
  });
  return { activities, asked, saved, env: activityEnv() };
}

describe('buildHandoff', () => {
  it('assembles what the agent needs from the conversation and stores it on the conversation', async () => {
    const { activities, asked, saved, env } = setup();
    const handoff = await env.run(activities.buildHandoff, { conversationId: 'c-9', escalation });
    expect(asked).toEqual(['c-9']);
    expect(handoff).toMatchObject({
      // Asked for a person: the goal is what they asked before that request.
      goal: 'My PDF export times out.',
      summaryBy: 'assembled',
      whyStopped: 'the customer asked for a person: talk to a person.',
      aiAttempts: [
        {
          seq: 2,
          excerpt: 'Large dashboards export in the background.',
          confidence: 0.62,
          sources: ['kb-014'],
        },
      ],
      pageContext: { route: '/dashboards/2210', errorMessage: 'E_EXPORT_TIMEOUT: export timed out' },
      account: {
        customerId: 'cus-01',
        name: 'Ada Lovelace',
        company: 'Analytical Engines',
        tier: 'ENTERPRISE',
        seats: 120,
        billing: { available: false },
      },
      flags: [
        'frustrated',
        'enterprise',
        'repeat contact this week',
        'page error: E_EXPORT_TIMEOUT',
        'billing context unavailable',
      ],
    });
    expect(handoff.summary).toBe(
      'Ada Lovelace (Analytical Engines, ENTERPRISE) wrote 2 messages. First: "My PDF export times out." ' +
        'Latest: "No email came." The AI answered 1 time, citing kb-014. ' +
        'Handed over because the customer asked for a person: talk to a person.',
    );
    expect(saved).toEqual([{ conversationId: 'c-9', handoff }]);
  });

  it('gives the writer the transcript, why the AI stopped and the assembled fallback, and keeps what it wrote', async () => {
    const seen: Parameters<HandoffWriter['write']>[0][] = [];
    const model: HandoffWriter = {
      async write(input) {
        seen.push(input);
        return { goal: 'Get the PDF export working', summary: 'Export times out; no email.', writtenBy: 'model' };
      },
    };
    const { activities, env } = setup(model);
    const handoff = await env.run(activities.buildHandoff, { conversationId: 'c-9', escalation });
    expect(seen[0].transcript.map((t) => t.author)).toEqual(['customer', 'ai', 'customer']);
    expect(seen[0].whyStopped).toBe('the customer asked for a person: talk to a person.');
    expect(seen[0].fallback.goal).toBe('My PDF export times out.');
    expect(handoff).toMatchObject({
      goal: 'Get the PDF export working',
      summary: 'Export times out; no email.',
      summaryBy: 'model',
    });
  });

  it('rebuilt after a retry, stores the same handoff again (only builtAt moves)', async () => {
    const { activities, saved, env } = setup();
    await env.run(activities.buildHandoff, { conversationId: 'c-9', escalation });
    await env.run(activities.buildHandoff, { conversationId: 'c-9', escalation });
    const [a, b] = saved.map((s) => ({ ...s.handoff, builtAt: null }));
    expect(b).toEqual(a);
  });

  it('without a gathered context names the customer by id and flags nothing it does not know', async () => {
    const bare: HandoffMaterial = {
      ...material(),
      context: null,
      pageContext: {},
      messages: material().messages.slice(0, 1),
    };
    const low: EscalationRecord = {
      ...escalation,
      reason: 'LOW_CONFIDENCE',
      triggers: [{ kind: 'LOW_CONFIDENCE', fired: true, score: 0.2, threshold: 0.5, evidence: null }],
      sentiment: 0,
    };
    const { activities, env } = setup(assembledHandoff, bare);
    const handoff = await env.run(activities.buildHandoff, { conversationId: 'c-9', escalation: low });
    expect(handoff.summary).toBe(
      'cus-01 wrote 1 message. First: "My PDF export times out." The AI did not answer. ' +
        'Handed over because the knowledge base does not answer it with enough confidence.',
    );
    expect(handoff.flags).toEqual([]);
    expect(handoff.account).toMatchObject({ customerId: 'cus-01', name: null, tier: null, crm: null, billing: null });
  });
});

describe('estimateQueue', () => {
  it("reads the conversation's place in line for its tier", async () => {
    const { activities, env } = setup();
    expect(await env.run(activities.estimateQueue, { conversationId: 'c-9', tier: 'ENTERPRISE' })).toEqual({
      position: 3,
      estimatedWaitSeconds: 120,
    });
  });
});
