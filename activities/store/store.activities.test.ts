import type { PolicySnapshot } from '../../domain/policy/sla';
import { slaLadderSteps } from '../../src/observability/metrics';
import type {
  BillingActionRecord,
  ConversationStateChange,
  PersistedMessage,
  PersistMessageInput,
  ResolutionRecord,
} from '../../src/services/conversation-store';
import { activityEnv, counterValue, demoPolicy } from '../../test/support/activity-env';
import { type ConversationWrites, createStoreActivities } from './store.activities';

/**
 * An in-memory read model with the store's contract: a message is stored once per (conversation, clientMessageId)
 * and numbered in order; a state change with an event is recorded once per dedupe key (false when it was already).
 */
class FakeStore implements ConversationWrites {
  readonly messages: Array<PersistMessageInput & { seq: number }> = [];
  readonly changes: ConversationStateChange[] = [];
  readonly calls: string[] = [];
  private readonly eventKeys = new Set<string>();

  async persistMessage(input: PersistMessageInput): Promise<PersistedMessage> {
    this.calls.push('persistMessage');
    return this.persist(input);
  }
  async recordConversationState(change: ConversationStateChange): Promise<boolean> {
    this.calls.push('recordConversationState');
    return this.record(change);
  }
  async recordAiTurn(input: { decision: ConversationStateChange; reply: PersistMessageInput | null }) {
    this.calls.push('recordAiTurn');
    this.record(input.decision);
    return input.reply ? this.persist(input.reply) : null;
  }
  async recordAiTurns(turns: Array<{ decision: ConversationStateChange; reply: PersistMessageInput | null }>) {
    this.calls.push(`recordAiTurns ${turns.length}`);
    return turns.map((t) => {
      this.record(t.decision);
      return t.reply ? this.persist(t.reply) : null;
    });
  }
  async takeParkedMessages(conversationId: string) {
    this.calls.push(`takeParkedMessages ${conversationId}`);
    return [];
  }
  async setSkills(conversationId: string, skills: string[]) {
    this.calls.push(`setSkills ${conversationId} ${skills.join(',')}`);
  }
  async recordBillingAction(r: BillingActionRecord) {
    this.calls.push(`recordBillingAction ${r.conversationId} ${r.action.id} ${r.action.status}`);
  }
  async recordResolution(r: ResolutionRecord) {
    this.calls.push(`recordResolution ${r.conversationId} ${r.resolvedBy} ${r.agentId}`);
  }

  private persist(input: PersistMessageInput): PersistedMessage {
    const conversationId = input.conversation?.id ?? input.conversationId;
    const own = this.messages.filter((m) => (m.conversation?.id ?? m.conversationId) === conversationId);
    const existing = own.find((m) => m.clientMessageId === input.clientMessageId);
    const stored = existing ?? { ...input, seq: own.length + 1 };
    if (!existing) this.messages.push(stored);
    return {
      messageId: `${conversationId}/${stored.seq}`,
      seq: stored.seq,
      createdAt: '2026-01-01T00:00:00.000Z',
      created: !existing,
      answered: false,
    };
  }
  private record(change: ConversationStateChange): boolean {
    const key = change.event?.dedupeKey;
    if (key && this.eventKeys.has(`${change.conversationId}/${key}`)) return false;
    if (key) this.eventKeys.add(`${change.conversationId}/${key}`);
    this.changes.push(change);
    return true;
  }
}

const policy: PolicySnapshot = { version: 7, document: demoPolicy() };

function setup() {
  const store = new FakeStore();
  const activities = createStoreActivities(store, { current: async () => policy });
  return { store, activities, env: activityEnv() };
}

const slaStep = (dedupeKey: string): ConversationStateChange => ({
  conversationId: 'c-1',
  event: {
    kind: 'sla_step',
    data: {
      action: 'WIDEN_TO_TIER2',
      atPercent: 100,
      dueAt: '2026-01-01T00:00:00.000Z',
      firedAt: '2026-01-01T00:00:00.100Z',
      pool: ['TIER1', 'TIER2'],
    },
    dedupeKey,
  },
});

describe('store activities', () => {
  it('pass a retried message to the store under the same clientMessageId and return its answer (created: false)', async () => {
    const { store, activities, env } = setup();
    const message: PersistMessageInput = {
      conversationId: 'c-1',
      authorKind: 'CUSTOMER',
      body: 'How do I export a dashboard?',
      clientMessageId: 'm-1',
    };
    const first = await env.run(activities.persistMessage, message);
    const again = await env.run(activities.persistMessage, message);
    expect(first).toMatchObject({ seq: 1, created: true });
    expect(again).toMatchObject({ messageId: first.messageId, seq: 1, created: false });
    expect(store.messages).toHaveLength(1);
  });

  it('count a ladder step once, however often its recording is retried', async () => {
    const { store, activities, env } = setup();
    const before = await counterValue(slaLadderSteps, { action: 'WIDEN_TO_TIER2' });
    await env.run(activities.recordConversationState, slaStep('sla-c-1-1-WIDEN_TO_TIER2'));
    await env.run(activities.recordConversationState, slaStep('sla-c-1-1-WIDEN_TO_TIER2'));
    expect(store.changes).toHaveLength(1);
    expect(await counterValue(slaLadderSteps, { action: 'WIDEN_TO_TIER2' })).toBe(before + 1);
    // Another kind of change is recorded but is no ladder step.
    await env.run(activities.recordConversationState, { conversationId: 'c-1', status: 'AGENT_ACTIVE' });
    expect(store.changes).toHaveLength(2);
    expect(await counterValue(slaLadderSteps, { action: 'WIDEN_TO_TIER2' })).toBe(before + 1);
  });

  it('write an AI turn as one call: the decision, and the reply only when there is one', async () => {
    const { store, activities, env } = setup();
    const decision: ConversationStateChange = { conversationId: 'c-1', status: 'AWAITING_AGENT' };
    expect(await env.run(activities.recordAiTurn, { decision, reply: null })).toBeNull();
    const reply: PersistMessageInput = {
      conversationId: 'c-1',
      authorKind: 'AI',
      body: 'Open Share, then Export.',
      clientMessageId: 'ai-reply-m-1',
    };
    expect(await env.run(activities.recordAiTurn, { decision, reply })).toMatchObject({ seq: 1, created: true });
    expect(store.calls).toEqual(['recordAiTurn', 'recordAiTurn']);
    expect(store.changes).toEqual([decision, decision]);
    expect(store.messages.map((m) => m.clientMessageId)).toEqual(['ai-reply-m-1']);
  });

  it('serve the newest policy version and pass the rest through to the store', async () => {
    const { store, activities, env } = setup();
    expect(await env.run(activities.loadEscalationPolicy)).toBe(policy);
    await env.run(activities.setConversationSkills, { conversationId: 'c-1', skills: ['sso', 'billing'] });
    await env.run(activities.recordResolution, { conversationId: 'c-1', resolvedBy: 'AGENT', agentId: 'agt-1' });
    await env.run(activities.recordBillingAction, {
      conversationId: 'c-1',
      actorId: 'agt-1',
      action: {
        id: 'a-1',
        kind: 'REFUND',
        status: 'PROPOSED',
        amountCents: 500,
        currency: 'usd',
        chargeId: 'ch_1',
        proposedBy: 'agt-1',
        stripeId: null,
      },
    });
    expect(store.calls).toEqual([
      'setSkills c-1 sso,billing',
      'recordResolution c-1 AGENT agt-1',
      'recordBillingAction c-1 a-1 PROPOSED',
    ]);
  });
});
