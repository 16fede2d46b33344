import type { BillingContext, BillingProvider } from '../../src/integrations/billing/billing.provider';
import type { CrmProvider, CrmRecord } from '../../src/integrations/crm/crm.provider';
import { swallowedErrors } from '../../src/observability/metrics';
import type { ConversationStateChange } from '../../src/services/conversation-store';
import { activityEnv, counterValue, fakeQuery } from '../../test/support/activity-env';
import { createContextActivities, type GatherContextInput } from './context.activities';

const ada: CrmRecord = {
  id: 'cus-01',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  company: 'Analytical Engines',
  tier: 'ENTERPRISE',
  plan: 'enterprise-annual',
  seats: 120,
  mrrUsd: 9000,
  notes: 'Renewal in March',
};
const fromHubSpot: CrmRecord = {
  ...ada,
  crm: {
    provider: 'hubspot',
    contactId: 'hs-1',
    companyName: 'Analytical Engines Ltd',
    openDeals: [{ id: 'd-1', name: 'Expansion', amount: 20000, stage: 'negotiation' }],
  },
};
const billed: BillingContext = { available: true, customerId: 'cus_stripe_1', subscriptionStatus: 'active' };
const input: GatherContextInput = { conversationId: 'c-9', customerId: 'cus-01', pageContext: { route: '/billing' } };

const crmOf = (lookup: CrmProvider['lookupCustomer']): CrmProvider => ({ name: 'fake', lookupCustomer: lookup });

/** Every source answers unless the test replaces it; what each was asked, and what was stored, is recorded. */
function setup(over: { crm?: CrmProvider; builtin?: CrmProvider; billing?: BillingProvider } = {}) {
  const recorded: ConversationStateChange[] = [];
  const queried: unknown[][] = [];
  const billingAsked: CrmRecord[] = [];
  const activities = createContextActivities({
    ds: {
      query: fakeQuery((_sql, params) => {
        queried.push(params ?? []);
        return [
          { id: 'c-1', status: 'RESOLVED', created_at: new Date('2026-03-01T10:00:00Z'), first_message: 'SSO broke' },
        ];
      }),
    },
    store: {
      recordConversationState: async (change) => {
        recorded.push(change);
        return true;
      },
    },
    crm: over.crm ?? crmOf(async () => fromHubSpot),
    builtinCrm: over.builtin ?? crmOf(async () => ada),
    billing: over.billing ?? {
      name: 'fake',
      billingContext: async (c) => {
        billingAsked.push(c);
        return billed;
      },
    },
  });
  return { activities, recorded, queried, billingAsked, env: activityEnv() };
}

describe('gatherContext', () => {
  it('puts the CRM record, the billing context and the previous conversations together, and stores them once', async () => {
    const { activities, recorded, queried, billingAsked, env } = setup();
    const ctx = await env.run(activities.gatherContext, input);
    expect(ctx).toMatchObject({
      page: { route: '/billing' },
      customer: { id: 'cus-01', name: 'Ada Lovelace', tier: 'ENTERPRISE', seats: 120, mrrUsd: 9000 },
      crm: {
        provider: 'hubspot',
        available: true,
        notes: 'Renewal in March',
        companyName: 'Analytical Engines Ltd',
        openDeals: [{ id: 'd-1', name: 'Expansion', amount: 20000, stage: 'negotiation' }],
      },
      billing: billed,
      previousConversations: [
        { id: 'c-1', status: 'RESOLVED', createdAt: '2026-03-01T10:00:00.000Z', firstMessage: 'SSO broke' },
      ],
    });
    // Billing is looked up by our own customer record, not the CRM's; earlier conversations exclude this one.
    expect(billingAsked).toEqual([ada]);
    expect(queried).toEqual([['cus-01', 'c-9']]);
    expect(recorded).toEqual([
      {
        conversationId: 'c-9',
        tier: 'ENTERPRISE',
        context: ctx,
        event: {
          kind: 'context_gathered',
          data: { crm: true, billing: true, previousConversations: 1 },
          dedupeKey: 'context-c-9', // a retried attempt records the event once
        },
      },
    ]);
  });

  it('leaves a failing source empty, logs it with the conversation and counts it, and still answers', async () => {
    const before = await counterValue(swallowedErrors, { where: 'gather_context.crm' });
    const { activities, recorded, env } = setup({ crm: crmOf(() => Promise.reject(new Error('HubSpot 502'))) });
    const ctx = await env.run(activities.gatherContext, input);
    expect(ctx.customer).toBeNull();
    expect(ctx.crm).toEqual({ provider: 'builtin', available: false, notes: null, companyName: null, openDeals: [] });
    expect(ctx.billing).toEqual(billed);
    expect(recorded[0]).toMatchObject({ tier: null, event: { data: { crm: false, billing: true } } });
    expect(await counterValue(swallowedErrors, { where: 'gather_context.crm' })).toBe(before + 1);
    expect(env.logged).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        meta: expect.objectContaining({ source: 'crm', conversationId: 'c-9', error: 'Error: HubSpot 502' }),
      }),
    );
  });

  it('reports billing unavailable for a customer our own table does not know, without asking the provider', async () => {
    const { activities, billingAsked, env } = setup({ builtin: crmOf(async () => null) });
    const ctx = await env.run(activities.gatherContext, input);
    expect(ctx.billing).toEqual({ available: false });
    expect(billingAsked).toHaveLength(0);
  });

  it('gives up on a source that does not answer in 4 s: the reply is not held up by it', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const { activities, env } = setup({ crm: crmOf(() => new Promise<CrmRecord | null>(() => undefined)) });
      const gathering = env.run(activities.gatherContext, input);
      await jest.advanceTimersByTimeAsync(3999);
      let done = false;
      void gathering.then(() => (done = true));
      await jest.advanceTimersByTimeAsync(0);
      expect(done).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      const ctx = await gathering;
      expect(ctx.crm.available).toBe(false);
      expect(ctx.previousConversations).toHaveLength(1);
      expect(env.logged.find((l) => l.meta.source === 'crm')?.meta.error).toBe('Error: timed out after 4000 ms');
    } finally {
      jest.useRealTimers();
    }
  });
});
