import { randomUUID } from 'node:crypto';
import type { TurnDecidedV3 } from '../domain/events';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/db/data-source';
import { decodeEvent, EVENTS_CHANNEL, type SupportEvent } from '../src/events/channel';
import {
  ConversationStore,
  type ConversationStateChange,
  type NewConversationRow,
  type PersistMessageInput,
} from '../src/services/conversation-store';
import { testEnv } from './support/env';

/**
 * The acknowledgement's store on PostgreSQL: a message is one statement (one round trip, no BEGIN/COMMIT of its
 * own), stored once per clientMessageId, numbered in commit order without gaps, published with NOTIFY only when it
 * is new; a conversation's first message writes its row and its `conversation_started` event in the same statement.
 */
let ds: DataSource;
let store: ConversationStore;
let listener: Client;
const heard: SupportEvent[] = [];

beforeAll(async () => {
  ds = createDataSource(testEnv().databaseUrl, { poolSize: 12, applicationName: 'test-conversation-store' });
  await ds.initialize();
  store = new ConversationStore(ds);
  listener = new Client({ connectionString: testEnv().databaseUrl });
  await listener.connect();
  listener.on('notification', (n) => {
    const e = decodeEvent(n.payload);
    if (e) heard.push(e);
  });
  await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
});

afterAll(async () => {
  await listener?.end();
  await ds?.destroy();
});

function newConversation(): NewConversationRow {
  const id = randomUUID();
  return {
    id,
    customerId: 'cus-01',
    channel: 'web',
    pageContext: { url: '/billing' },
    workflowId: `conversation-${id}`,
  };
}

const customerMessage = (
  c: NewConversationRow,
  clientMessageId: string,
  body = 'How do I export?',
): PersistMessageInput => ({
  conversation: c,
  authorKind: 'CUSTOMER',
  authorId: c.customerId,
  body,
  clientMessageId,
});

/** Statements sent to PostgreSQL by any client of this process while `work` runs. */
async function statementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const spy = jest.spyOn(Client.prototype, 'query');
  try {
    await work();
    return spy.mock.calls.map(([q]) => (typeof q === 'string' ? q : String((q as { text?: string }).text)).trim());
  } finally {
    spy.mockRestore();
  }
}

async function messageEventsFor(conversationId: string, expected: number): Promise<string[]> {
  const deadline = Date.now() + 5000;
  const ids = () =>
    heard.flatMap((e) => (e.kind === 'message' && e.conversationId === conversationId ? [e.messageId] : []));
  while (ids().length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 100)); // and nothing more arrives
  return ids();
}

describe('the message store', () => {
  it('stores a first message, its conversation and conversation_started in one statement, and publishes it', async () => {
    const c = newConversation();
    let first!: Awaited<ReturnType<ConversationStore['persistMessage']>>;
    const sent = await statementsDuring(async () => (first = await store.persistMessage(customerMessage(c, 'm-1'))));
    expect(sent).toHaveLength(1);
    expect(first).toMatchObject({ seq: 1, created: true, answered: false });

    const [row] = await ds.query(
      'SELECT customer_id, status, last_seq, page_context, workflow_id FROM conversations WHERE id = $1',
      [c.id],
    );
    expect(row).toEqual({
      customer_id: 'cus-01',
      status: 'AI_ACTIVE',
      last_seq: 1,
      page_context: { url: '/billing' },
      workflow_id: c.workflowId,
    });
    const events = await ds.query('SELECT kind, data FROM conversation_events WHERE conversation_id = $1', [c.id]);
    expect(events).toEqual([
      { kind: 'conversation_started', data: { channel: 'web', pageContext: { url: '/billing' } } },
    ]);
    expect(await messageEventsFor(c.id, 1)).toEqual([first.messageId]);
  });

  it('publishes a message with its row when the row fits a notification, and by id when it does not', async () => {
    const c = newConversation();
    const short = await store.persistMessage(customerMessage(c, 'm-1', 'Wie exportiere ich?'));
    // 2,400 characters of three bytes each: past the 7,000 bytes a notification carries a row in (PostgreSQL's limit
    // is 8,000), so each replica loads this one.
    const long = await store.persistMessage(customerMessage(c, 'm-2', '請求書'.repeat(800)));
    expect(await messageEventsFor(c.id, 2)).toEqual([short.messageId, long.messageId]);
    const events = heard.filter((e) => e.kind === 'message' && e.conversationId === c.id);
    expect(events[0]).toMatchObject({
      row: { seq: 1, authorKind: 'CUSTOMER', authorId: 'cus-01', body: 'Wie exportiere ich?', clientMessageId: 'm-1' },
    });
    expect(events[1]).toEqual({ kind: 'message', conversationId: c.id, messageId: long.messageId });
  });

  it('stores a message whose notification jsonb writes past 8,000 bytes, and publishes it by id', async () => {
    // About 1,600 bytes as JSON.stringify writes them, over 10,000 as jsonb (no exponents: 1e-300 is 300 digits).
    const c = newConversation();
    await store.persistMessage(customerMessage(c, 'm-1'));
    const reply = await store.persistMessage({
      conversation: c,
      authorKind: 'AI',
      authorId: null,
      body: 'Open Share, then Export.',
      clientMessageId: 'ai-reply-x',
      ai: {
        confidence: 0.9,
        sources: Array.from({ length: 30 }, (_, i) => ({ id: `kb-${i}`, title: 'Exports', score: 1e-300 })),
      },
    });
    expect(reply).toMatchObject({ seq: 2, created: true });
    expect(await messageEventsFor(c.id, 2)).toHaveLength(2);
    const event = heard.find((e) => e.kind === 'message' && e.messageId === reply.messageId);
    expect(event).toEqual({ kind: 'message', conversationId: c.id, messageId: reply.messageId });
  });

  it('answers a resend with the stored row, writes and publishes nothing again, and says when it is answered', async () => {
    const c = newConversation();
    const first = await store.persistMessage(customerMessage(c, 'm-1'));
    const second = await store.persistMessage({
      ...customerMessage(c, 'm-2', 'And to CSV?'),
      pageContext: { url: '/x' },
    });
    const again = await store.persistMessage(customerMessage(c, 'm-1'));
    expect(second).toMatchObject({ seq: 2, created: true });
    expect(again).toEqual({ ...first, created: false });

    const reply = await store.recordAiTurn({
      decision: { conversationId: c.id, status: 'AI_ACTIVE' },
      reply: {
        conversationId: c.id,
        authorKind: 'AI',
        body: 'Open Share, then Export.',
        clientMessageId: `ai-reply-${first.messageId}`,
      },
    });
    expect(reply).toMatchObject({ seq: 3, created: true });
    expect(await store.persistMessage(customerMessage(c, 'm-1'))).toMatchObject({
      seq: 1,
      created: false,
      answered: true,
    });

    const rows = await ds.query(
      'SELECT seq, client_message_id, page_context FROM messages WHERE conversation_id = $1 ORDER BY seq',
      [c.id],
    );
    expect(rows).toEqual([
      { seq: 1, client_message_id: 'm-1', page_context: null },
      { seq: 2, client_message_id: 'm-2', page_context: { url: '/x' } },
      { seq: 3, client_message_id: `ai-reply-${first.messageId}`, page_context: null },
    ]);
    expect(
      await ds.query('SELECT kind FROM conversation_events WHERE conversation_id = $1 AND kind = $2', [
        c.id,
        'conversation_started',
      ]),
    ).toHaveLength(1);
    expect(await messageEventsFor(c.id, 3)).toEqual([first.messageId, second.messageId, reply!.messageId]);
  });

  it('numbers concurrent messages without gaps and stores a concurrently resent one once', async () => {
    const c = newConversation();
    await store.persistMessage(customerMessage(c, 'm-0'));
    // Ten distinct messages, each sent twice at once (a resend racing its first attempt); a race the statement loses
    // fails on the unique key, and its retry (the local activity's) answers the stored row.
    const attempt = async (i: number) => {
      for (let tries = 0; ; tries++) {
        try {
          return await store.persistMessage(customerMessage(c, `m-${i}`, `question ${i}`));
        } catch (err) {
          if (tries > 3 || !/duplicate key/.test(String(err))) throw err;
        }
      }
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, k) => attempt(1 + (k % 10))));
    for (let i = 1; i <= 10; i++) {
      const pair = [results[i - 1], results[i + 9]];
      expect(pair[0].messageId).toBe(pair[1].messageId);
      expect(pair.filter((r) => r.created)).toHaveLength(1);
    }
    const rows: Array<{ seq: number; client_message_id: string }> = await ds.query(
      'SELECT seq, client_message_id FROM messages WHERE conversation_id = $1 ORDER BY seq',
      [c.id],
    );
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.client_message_id)).size).toBe(11);
    const [conv] = await ds.query('SELECT last_seq FROM conversations WHERE id = $1', [c.id]);
    expect(conv.last_seq).toBe(11);
    expect(await messageEventsFor(c.id, 11)).toHaveLength(11);
  });

  it('refuses a message to a conversation that has no row when it brings none', async () => {
    await expect(
      store.persistMessage({ conversationId: randomUUID(), authorKind: 'AI', body: 'hello', clientMessageId: 'x-1' }),
    ).rejects.toThrow(/does not exist/);
  });
});

describe('the AI turn store', () => {
  const decided = (c: NewConversationRow, messageId: string) =>
    ({
      conversationId: c.id,
      // The store writes the payload as it is; a part of a real one is enough here.
      event: {
        kind: 'turn_decided',
        data: { seq: 1, escalate: false } as unknown as TurnDecidedV3,
        dedupeKey: `decision-${messageId}`,
      },
    }) satisfies ConversationStateChange;
  const aiReply = (c: NewConversationRow, messageId: string): PersistMessageInput => ({
    conversationId: c.id,
    authorKind: 'AI',
    body: 'Open Share, then Export.',
    ai: { confidence: 0.9, sources: [] },
    clientMessageId: `ai-reply-${messageId}`,
  });
  const eventsFor = (id: string, since: number) =>
    heard.slice(since).filter((e) => 'conversationId' in e && e.conversationId === id);
  const settle = () => new Promise((r) => setTimeout(r, 300));

  /** What the turn leaves in PostgreSQL, without ids and times: compared between the statement and the old transaction. */
  async function stored(id: string) {
    const [conv] = await ds.query(
      `SELECT status, tier, last_seq, escalation, queue_pool, escalated_at IS NOT NULL AS escalated, resolved_by,
              updated_at > created_at AS updated FROM conversations WHERE id = $1`,
      [id],
    );
    const events = await ds.query(
      'SELECT kind, data, dedupe_key FROM conversation_events WHERE conversation_id = $1 ORDER BY id',
      [id],
    );
    const messages = await ds.query(
      'SELECT seq, author_kind, author_id, body, client_message_id, ai, page_context FROM messages WHERE conversation_id = $1 ORDER BY seq',
      [id],
    );
    return { conv, events, messages };
  }

  it('records the decision and the reply in one statement, and publishes the conversation, then the message', async () => {
    const c = newConversation();
    const q = await store.persistMessage(customerMessage(c, 'm-1'));
    await settle(); // the customer message's own event
    const since = heard.length;
    let reply!: Awaited<ReturnType<ConversationStore['recordAiTurn']>>;
    const sent = await statementsDuring(
      async () =>
        (reply = await store.recordAiTurn({ decision: decided(c, q.messageId), reply: aiReply(c, q.messageId) })),
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toMatch(/^(BEGIN|START)/i);
    expect(reply).toMatchObject({ seq: 2, created: true, answered: false });
    expect(new Date(reply!.createdAt).getTime()).toBeGreaterThan(0);

    const s = await stored(c.id);
    expect(s.conv).toMatchObject({ last_seq: 2, updated: true });
    expect(s.events.map((e: { kind: string; dedupe_key: string }) => [e.kind, e.dedupe_key])).toEqual([
      ['conversation_started', null],
      ['turn_decided', `decision-${q.messageId}`],
    ]);
    expect(s.messages[1]).toEqual({
      seq: 2,
      author_kind: 'AI',
      author_id: null,
      body: 'Open Share, then Export.',
      client_message_id: `ai-reply-${q.messageId}`,
      ai: { confidence: 0.9, sources: [] },
      page_context: null,
    });
    await settle();
    // The message's notification carries the row as stored, so no replica reads it back to fan it out.
    expect(eventsFor(c.id, since)).toEqual([
      { kind: 'conversation', conversationId: c.id },
      {
        kind: 'message',
        conversationId: c.id,
        messageId: reply!.messageId,
        row: {
          seq: 2,
          authorKind: 'AI',
          authorId: null,
          body: 'Open Share, then Export.',
          clientMessageId: `ai-reply-${q.messageId}`,
          ai: { confidence: 0.9, sources: [] },
          pageContext: null,
          createdAt: expect.any(String),
        },
      },
    ]);
    const carried = eventsFor(c.id, since)[1] as { row: { createdAt: string } };
    const [{ created_at: createdAt }] = await ds.query('SELECT created_at FROM messages WHERE id = $1', [
      reply!.messageId,
    ]);
    expect(new Date(carried.row.createdAt)).toEqual(createdAt);
    expect(await store.persistMessage(customerMessage(c, 'm-1'))).toMatchObject({ created: false, answered: true });
  });

  it('stores a retried turn once, answers the stored reply, and publishes nothing again', async () => {
    const c = newConversation();
    const q = await store.persistMessage(customerMessage(c, 'm-1'));
    const turn = { decision: decided(c, q.messageId), reply: aiReply(c, q.messageId) };
    const first = await store.recordAiTurn(turn);
    await settle();
    const since = heard.length;
    const sent = await statementsDuring(async () => {
      expect(await store.recordAiTurn(turn)).toEqual({ ...first, created: false });
    });
    expect(sent).toHaveLength(1);
    // Two attempts at once (a retry racing the first): one stores, the other fails on the unique key or finds it.
    const racing = await Promise.allSettled([store.recordAiTurn(turn), store.recordAiTurn(turn)]);
    for (const r of racing) if (r.status === 'fulfilled') expect(r.value).toEqual({ ...first, created: false });
    const s = await stored(c.id);
    expect(s.messages).toHaveLength(2);
    expect(s.events.filter((e: { kind: string }) => e.kind === 'turn_decided')).toHaveLength(1);
    expect(s.conv.last_seq).toBe(2);
    await settle();
    expect(eventsFor(c.id, since)).toEqual([]);
  });

  it('records an escalating decision without a reply: state, audit event, conversation and queue events', async () => {
    const c = newConversation();
    const q = await store.persistMessage(customerMessage(c, 'm-1'));
    await settle(); // the customer message's own event
    const since = heard.length;
    const decision = {
      ...decided(c, q.messageId),
      status: 'AWAITING_AGENT' as const,
      tier: 'pro',
      escalation: { reason: 'FRUSTRATION' },
      queuePool: ['billing'],
      queueChanged: true,
    };
    const sent = await statementsDuring(async () =>
      expect(await store.recordAiTurn({ decision, reply: null })).toBeNull(),
    );
    expect(sent).toHaveLength(1);
    expect(await store.recordAiTurn({ decision, reply: null })).toBeNull(); // a retry
    const s = await stored(c.id);
    expect(s.conv).toMatchObject({
      status: 'AWAITING_AGENT',
      tier: 'pro',
      escalation: { reason: 'FRUSTRATION' },
      queue_pool: ['billing'],
      escalated: true,
      last_seq: 1,
    });
    expect(s.events.filter((e: { kind: string }) => e.kind === 'turn_decided')).toHaveLength(1);
    await settle();
    expect(eventsFor(c.id, since)).toEqual([
      { kind: 'conversation', conversationId: c.id },
      { kind: 'queue', conversationId: c.id, change: 'turn_decided' },
    ]);
  });

  it('records a state change in one statement, says whether it applied, and a retry writes and publishes nothing', async () => {
    const c = newConversation();
    await store.persistMessage(customerMessage(c, 'm-1'));
    await settle();
    const since = heard.length;
    const change = {
      conversationId: c.id,
      status: 'AWAITING_AGENT' as const,
      escalation: { reason: 'EXPLICIT_REQUEST' },
      queueChanged: true,
      event: {
        kind: 'context_gathered',
        // The store writes the payload as it is; a part of a real one is enough here.
        data: { crm: true },
        dedupeKey: `context-${c.id}`,
      },
    } as unknown as ConversationStateChange;
    const sent = await statementsDuring(async () => expect(await store.recordConversationState(change)).toBe(true));
    expect(sent).toHaveLength(1);
    expect(await store.recordConversationState(change)).toBe(false); // a retry: recorded already
    const s = await stored(c.id);
    expect(s.conv).toMatchObject({
      status: 'AWAITING_AGENT',
      escalation: { reason: 'EXPLICIT_REQUEST' },
      escalated: true,
    });
    expect(s.events.filter((e: { kind: string }) => e.kind === 'context_gathered')).toHaveLength(1);
    await settle();
    expect(eventsFor(c.id, since)).toEqual([
      { kind: 'conversation', conversationId: c.id },
      { kind: 'queue', conversationId: c.id, change: 'context_gathered' },
    ]);
  });

  it('leaves the same rows as the decision then the reply in one transaction', async () => {
    const results = [];
    for (const oneStatement of [true, false]) {
      const c = newConversation();
      const q = await store.persistMessage(customerMessage(c, 'm-1'));
      const decision = { ...decided(c, q.messageId), status: 'AI_ACTIVE' as const, tier: 'free' };
      const reply = { ...aiReply(c, q.messageId), pageContext: { url: '/x' } };
      if (oneStatement) await store.recordAiTurn({ decision, reply });
      else {
        // The writes the turn made before it was one statement (then in one transaction).
        await store.recordConversationState(decision);
        await store.persistMessage(reply);
      }
      const s = await stored(c.id);
      s.events = s.events.map((e: { dedupe_key: string | null }) => ({
        ...e,
        dedupe_key: e.dedupe_key?.replace(q.messageId, 'Q'),
      }));
      s.messages = s.messages.map((m: { client_message_id: string }) => ({
        ...m,
        client_message_id: m.client_message_id.replace(q.messageId, 'Q'),
      }));
      results.push(s);
    }
    expect(results[0]).toEqual(results[1]);
  });

  it('stores a burst of turns in order in one transaction: whole, once, or not at all', async () => {
    const c = newConversation();
    const qs = [];
    for (const id of ['m-1', 'm-2', 'm-3']) qs.push(await store.persistMessage(customerMessage(c, id)));
    const turns = qs.map((q, k) => ({
      decision: decided(c, q.messageId),
      reply: { ...aiReply(c, q.messageId), body: `Answer ${k + 1}` },
    }));
    const replies = await store.recordAiTurns(turns);
    expect(replies.map((r) => r && [r.seq, r.created])).toEqual([
      [4, true],
      [5, true],
      [6, true],
    ]);
    // A retried burst (its activity ran again) finds every reply and writes nothing more.
    expect((await store.recordAiTurns(turns)).map((r) => r && [r.seq, r.created])).toEqual([
      [4, false],
      [5, false],
      [6, false],
    ]);
    const s = await stored(c.id);
    expect(s.messages.map((m: { body: string; author_kind: string }) => `${m.author_kind} ${m.body}`)).toEqual([
      'CUSTOMER How do I export?',
      'CUSTOMER How do I export?',
      'CUSTOMER How do I export?',
      'AI Answer 1',
      'AI Answer 2',
      'AI Answer 3',
    ]);
    expect(s.events.filter((e: { kind: string }) => e.kind === 'turn_decided')).toHaveLength(3);

    // One turn that cannot be written (its reply names a conversation without a row) leaves the burst unwritten.
    const q4 = await store.persistMessage(customerMessage(c, 'm-4'));
    const broken = [
      { decision: decided(c, q4.messageId), reply: aiReply(c, q4.messageId) },
      { decision: decided(c, 'other'), reply: { ...aiReply(c, 'other'), conversationId: randomUUID() } },
    ];
    await expect(store.recordAiTurns(broken)).rejects.toThrow(/does not exist/);
    const after = await stored(c.id);
    expect(after.messages).toHaveLength(7);
    expect(after.events.filter((e: { kind: string }) => e.kind === 'turn_decided')).toHaveLength(3);
  });

  it('refuses a reply to a conversation that has no row, and writes nothing', async () => {
    const c = newConversation();
    await expect(
      store.recordAiTurn({ decision: { conversationId: c.id, status: 'AI_ACTIVE' }, reply: aiReply(c, 'q') }),
    ).rejects.toThrow(/does not exist/);
    expect(await ds.query('SELECT 1 FROM messages WHERE conversation_id = $1', [c.id])).toEqual([]);
  });
});

describe('a customer message stored by the API (the message path)', () => {
  const fromApi = (conversationId: string, clientMessageId: string, authorId = 'cus-01') =>
    store.persistCustomerMessage({ conversationId, authorId, body: 'Can I schedule it?', clientMessageId });
  const outboxed = async (messageId: string) =>
    (await ds.query('SELECT count(*)::int AS n FROM message_outbox WHERE message_id = $1', [messageId]))[0].n;

  it('is numbered, published and put in the outbox in one statement; a resend finds it and writes nothing', async () => {
    const c = newConversation();
    await store.persistMessage(customerMessage(c, 'm-1'));
    let stored!: Awaited<ReturnType<ConversationStore['persistCustomerMessage']>>;
    const sent = await statementsDuring(async () => (stored = await fromApi(c.id, 'm-2')));
    expect(sent).toHaveLength(1);
    expect(stored).toMatchObject({ seq: 2, created: true, answered: false });
    expect(await outboxed(stored!.messageId)).toBe(1);
    expect(await messageEventsFor(c.id, 2)).toHaveLength(2);

    await ds.query('DELETE FROM message_outbox WHERE message_id = $1', [stored!.messageId]); // delivered
    expect(await fromApi(c.id, 'm-2')).toEqual({ ...stored, created: false });
    expect(await outboxed(stored!.messageId)).toBe(0);
    expect(await messageEventsFor(c.id, 2)).toHaveLength(2);
  });

  it('stores one row when the same message arrives twice at once (a client duplicate), and both answer it', async () => {
    // Many conversations at once, so some attempts really overlap (the statement's snapshot misses the other row).
    const cs = Array.from({ length: 10 }, newConversation);
    for (const c of cs) await store.persistMessage(customerMessage(c, 'm-1'));
    const attempts = await Promise.all(
      cs.map((c) => Promise.all(Array.from({ length: 4 }, () => fromApi(c.id, 'm-2')))),
    );
    for (const [i, c] of cs.entries()) {
      expect(attempts[i].filter((b) => b!.created)).toHaveLength(1);
      expect(new Set(attempts[i].map((b) => b!.messageId)).size).toBe(1);
      const rows = await ds.query('SELECT seq FROM messages WHERE conversation_id = $1 ORDER BY seq', [c.id]);
      expect(rows).toEqual([{ seq: 1 }, { seq: 2 }]);
    }
  });

  it("stores nothing in another customer's conversation, nor in a closed one, and does not reveal their messages", async () => {
    const c = newConversation();
    await store.persistMessage(customerMessage(c, 'm-1'));
    expect(await fromApi(c.id, 'm-2', 'cus-02')).toBeNull();
    expect(await fromApi(c.id, 'm-1', 'cus-02')).toBeNull(); // their resend check sees nothing of cus-01's
    await ds.query(`UPDATE conversations SET status = 'CLOSED' WHERE id = $1`, [c.id]);
    expect(await fromApi(c.id, 'm-3')).toBeNull();
    const rows = await ds.query('SELECT client_message_id FROM messages WHERE conversation_id = $1', [c.id]);
    expect(rows).toEqual([{ client_message_id: 'm-1' }]);
  });
});
