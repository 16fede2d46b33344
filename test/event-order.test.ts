import { Client as PgClient } from 'pg';
import type { ConversationEntity } from '../src/db/entities';
import { encodeEvent, EVENTS_CHANNEL } from '../src/events/channel';
import { conversationTopic, EventHub, messageTopic, type HubLoaders } from '../src/events/hub';
import type { MessageEntity } from '../src/db/entities';
import { testEnv } from './support/env';
import { waitFor } from './support/stack';

/**
 * A subscriber hears one conversation's events in the order they were committed, even when the row loaded for an
 * earlier event comes back later than the next one's (as under load, when the SLA step and its notification land
 * together). Real PostgreSQL LISTEN/NOTIFY; the loaders are slowed on purpose.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const none = async () => null;

function hubWith(
  delays: { conversation: (id: string) => number; message: (id: string) => number },
  loaders: Partial<HubLoaders> = {},
) {
  return new EventHub(testEnv().databaseUrl, {
    backtest: none,
    note: none,
    notification: none,
    billingAction: none,
    waitingConversations: async () => [],
    queueInfos: async () => new Map(),
    conversation: async (id) => {
      await sleep(delays.conversation(id));
      return { id } as ConversationEntity;
    },
    message: async (id) => {
      await sleep(delays.message(id));
      return { id } as MessageEntity;
    },
    ...loaders,
  });
}

/** A PostgreSQL session that notifies events on the hub's channel, as the workers do. */
async function notifier() {
  const notify = new PgClient({ connectionString: testEnv().databaseUrl });
  await notify.connect();
  return {
    send: (e: Parameters<typeof encodeEvent>[0]) =>
      notify.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, encodeEvent(e)]),
    end: () => notify.end(),
  };
}

describe("the event hub keeps each conversation's events in commit order", () => {
  it('publishes queue changes and messages in the order notified, loading them side by side, and holds up no other conversation', async () => {
    // The first event of each stream loads slowest: published as loaded, the order would come out reversed.
    let queueLoads = 0;
    const loads: string[] = [];
    const hub = hubWith({
      conversation: (id) => {
        if (id === 'other') return 0;
        const k = queueLoads++;
        loads.push(`start ${k}`);
        const ms = [600, 150, 0][k % 3];
        setTimeout(() => loads.push(`end ${k}`), ms);
        return ms;
      },
      message: (id) => ({ m1: 300, m2: 100, m3: 0 })[id] ?? 0,
    });
    await hub.start();
    const queue: string[] = [];
    const messages: string[] = [];
    const queueSub = hub.queue.subscribe('queue');
    const messageSub = hub.messages.subscribe(messageTopic('conv-1'));
    void (async () => {
      for await (const e of queueSub) queue.push(`${e.conversation.id}:${e.change}`);
    })();
    void (async () => {
      for await (const m of messageSub) messages.push(m.id);
    })();
    const { send, end } = await notifier();
    try {
      await send({ kind: 'queue', conversationId: 'conv-1', change: 'escalated' });
      await send({ kind: 'queue', conversationId: 'conv-1', change: 'sla_step' });
      await send({ kind: 'queue', conversationId: 'conv-1', change: 'WIDEN_TO_TIER2' });
      await send({ kind: 'queue', conversationId: 'other', change: 'claimed' });
      for (const id of ['m1', 'm2', 'm3']) await send({ kind: 'message', conversationId: 'conv-1', messageId: id });
      await waitFor(() => queue.length === 4 && messages.length === 3, 5000);
      // Another conversation's event does not wait behind conv-1's slow loads.
      expect(queue[0]).toBe('other:claimed');
      expect(queue.slice(1)).toEqual(['conv-1:escalated', 'conv-1:sla_step', 'conv-1:WIDEN_TO_TIER2']);
      expect(messages).toEqual(['m1', 'm2', 'm3']);
      // The loads ran side by side: the last began before the first (the slowest) had answered; only publishing waits.
      expect(loads.indexOf('start 2')).toBeLessThan(loads.indexOf('end 0'));
    } finally {
      await queueSub.return?.();
      await messageSub.return?.();
      await end();
      await hub.stop();
    }
  });

  it("publishes a message its notification carries without reading it, after the stream's slower message before it", async () => {
    const loaded: string[] = [];
    const hub = hubWith({
      conversation: () => 0,
      message: (id) => {
        loaded.push(id);
        return 300;
      },
    });
    await hub.start();
    const messages: MessageEntity[] = [];
    const sub = hub.messages.subscribe(messageTopic('conv-2'));
    void (async () => {
      for await (const m of sub) messages.push(m);
    })();
    const { send, end } = await notifier();
    const createdAt = '2026-12-07T07:30:00.123456+00:00';
    const row = {
      seq: 2,
      authorKind: 'AI',
      authorId: null,
      body: 'Open Share, then Export.',
      clientMessageId: 'ai-reply-m1',
      ai: { confidence: 0.9, sources: [{ articleId: 'kb-001' }] },
      pageContext: null,
      createdAt,
    };
    try {
      // m1 goes by id (its row did not fit) and loads slowly; m2 carries its row.
      await send({ kind: 'message', conversationId: 'conv-2', messageId: 'm1' });
      await send({ kind: 'message', conversationId: 'conv-2', messageId: 'm2', row });
      await waitFor(() => messages.length === 2, 5000);
      expect(messages.map((m) => m.id)).toEqual(['m1', 'm2']);
      expect(loaded).toEqual(['m1']);
      // Field for field the row it carried, its time as a read gives it (PostgreSQL's microseconds cut to ms).
      expect({ ...messages[1] }).toEqual({
        id: 'm2',
        conversationId: 'conv-2',
        ...row,
        createdAt: new Date('2026-12-07T07:30:00.123Z'),
      });
    } finally {
      await sub.return?.();
      await end();
      await hub.stop();
    }
  });

  it('never publishes a waiting place in line, read before a claim, after the claim itself', async () => {
    // Another conversation moving in the queue refreshes the place in line of those followed. Its read answers only
    // once the claim of the followed conversation, committed while it runs, is being loaded to be published.
    let status = 'AWAITING_AGENT';
    let refreshReading: () => void = () => undefined;
    const reading = new Promise<void>((r) => (refreshReading = r));
    let claimLoading: () => void = () => undefined;
    const claimLoaded = new Promise<void>((r) => (claimLoading = r));
    const hub = hubWith(
      { conversation: () => 0, message: () => 0 },
      {
        conversation: async (id) => {
          if (id === 'conv-3') claimLoading();
          return { id, status } as ConversationEntity;
        },
        waitingConversations: async (ids) => {
          const seen = status;
          refreshReading();
          await claimLoaded;
          return seen === 'AWAITING_AGENT' ? ids.map((id) => ({ id, status: seen }) as ConversationEntity) : [];
        },
        queueInfos: async (ids) => new Map(ids.map((id) => [id, { position: 2, estimatedWaitSeconds: 60 }])),
      },
    );
    await hub.start();
    const seen: string[] = [];
    const sub = hub.conversations.subscribe(conversationTopic('conv-3'));
    void (async () => {
      for await (const c of sub) seen.push(c.status);
    })();
    const { send, end } = await notifier();
    try {
      await send({ kind: 'queue', conversationId: 'other', change: 'escalated' });
      await reading;
      status = 'AGENT_ACTIVE';
      await send({ kind: 'conversation', conversationId: 'conv-3' });
      await waitFor(() => seen.length === 2, 5000);
      // The place in line the refresh read, then the claim: the agent's screen ends on the claim.
      expect(seen).toEqual(['AWAITING_AGENT', 'AGENT_ACTIVE']);
    } finally {
      await sub.return?.();
      await end();
      await hub.stop();
    }
  });
});
