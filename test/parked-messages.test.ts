import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/db/data-source';
import { EventHub } from '../src/events/hub';
import { ConversationStore } from '../src/services/conversation-store';
import { MessageOutbox } from '../src/services/message-outbox';
import { testEnv } from './support/env';
import { openStoredConversation } from './support/store-conversations';

/**
 * Parked messages on PostgreSQL: while a conversation is due (its workflow was told of a message it will answer),
 * the API stores further messages parked, without a signal, and the workflow takes them before it goes idle. The
 * rule that must hold under any interleaving: a message is either signalled or taken, exactly once, and never left
 * parked once the workflow has found none (it would wait for a signal that never comes).
 */
let ds: DataSource;
let store: ConversationStore;

beforeAll(async () => {
  ds = createDataSource(testEnv().databaseUrl, { poolSize: 12, applicationName: 'test-parked-messages' });
  await ds.initialize();
  store = new ConversationStore(ds);
});
afterAll(async () => ds?.destroy());

async function openConversation(status = 'AI_ACTIVE'): Promise<string> {
  const id = await openStoredConversation(store);
  if (status !== 'AI_ACTIVE') await ds.query('UPDATE conversations SET status = $2 WHERE id = $1', [id, status]);
  return id;
}

const fromApi = (conversationId: string, body: string, clientMessageId = randomUUID()) =>
  store.persistCustomerMessage({ conversationId, authorId: 'cus-01', body, clientMessageId });
const parkedRows = async (id: string) =>
  (await ds.query('SELECT count(*)::int AS n FROM message_outbox WHERE conversation_id = $1 AND parked', [id]))[0].n;
const due = async (id: string) =>
  (await ds.query('SELECT ai_turn_due FROM conversations WHERE id = $1', [id]))[0].ai_turn_due as boolean;

it('parks what follows a signalled message until the workflow takes it, in order; none left ends the due state', async () => {
  const id = await openConversation();
  const m2 = (await fromApi(id, 'Can I schedule it?'))!;
  expect([m2.parked, m2.due]).toEqual([false, true]); // signalled: the workflow will answer it, then look
  const m3Id = randomUUID();
  const m3 = (await fromApi(id, 'Every Monday?', m3Id))!;
  const m4 = (await fromApi(id, 'To two people?'))!;
  expect([m3.parked, m4.parked]).toEqual([true, true]);
  // A resend of a parked message finds it and parks nothing again.
  expect(await fromApi(id, 'Every Monday?', m3Id)).toMatchObject({ seq: 3, created: false, parked: false });
  expect(await parkedRows(id)).toBe(2);

  const taken = await store.takeParkedMessages(id, 0);
  expect(taken.map((m) => [m.seq, m.body])).toEqual([
    [3, 'Every Monday?'],
    [4, 'To two people?'],
  ]);
  expect(taken[0]).toMatchObject({ messageId: m3.messageId, clientMessageId: expect.any(String) });
  expect(await due(id)).toBe(true); // it took some: it will answer them and look again
  expect(await store.takeParkedMessages(id, 4)).toEqual([]);
  expect(await due(id)).toBe(false);
  expect(await parkedRows(id)).toBe(0);
  expect((await fromApi(id, 'Thanks!'))!).toMatchObject({ parked: false, due: true });
});

it('gives a retried take what the first took: a take whose reply was lost loses no message', async () => {
  const id = await openConversation();
  await fromApi(id, 'Can I schedule it?');
  await fromApi(id, 'Every Monday?');
  await fromApi(id, 'To two people?');
  const first = await store.takeParkedMessages(id, 0);
  expect(first.map((m) => m.seq)).toEqual([3, 4]);
  // The first reply never reached the workflow (the connection cut after the commit): the retry asks the same.
  const fifth = (await fromApi(id, 'At 9am?'))!;
  expect(fifth.parked).toBe(true);
  const retried = await store.takeParkedMessages(id, 0);
  expect(retried.map((m) => [m.seq, m.body])).toEqual([
    [3, 'Every Monday?'],
    [4, 'To two people?'],
    [5, 'At 9am?'],
  ]);
  expect(retried[0].messageId).toBe(first[0].messageId);
  // The workflow holds them now: its next look drops their rows and finds nothing new.
  expect(await store.takeParkedMessages(id, 5)).toEqual([]);
  expect(await parkedRows(id)).toBe(0);
  expect(await due(id)).toBe(false);
});

it('does not signal again a message the workflow took and is answering, for as long as it may take', async () => {
  const id = await openConversation();
  await fromApi(id, 'Can I schedule it?');
  await fromApi(id, 'Every Monday?');
  expect((await store.takeParkedMessages(id, 0)).map((m) => m.seq)).toEqual([3]);
  // Stored long ago: a parked row not taken this long would be signalled after all; a taken one is not yet.
  // (The signalled message's row, #2, waits for its signal's confirmation: recent, it is not redelivered yet.)
  await ds.query(
    `UPDATE message_outbox SET attempted_at = now() - interval '1 hour' WHERE conversation_id = $1 AND parked`,
    [id],
  );
  const delivered: number[] = [];
  const outbox = new MessageOutbox(
    ds,
    async (m) => {
      // Rows an earlier test file in this jest worker left stay as they are.
      if (m.conversationId !== id) throw new Error('not this test');
      delivered.push(m.seq);
      return 'signalled';
    },
    { everyMs: 0, parkedRedeliverAfterMs: 1000, takenRedeliverAfterMs: 60_000 },
  );
  await outbox.redeliverDue();
  expect(delivered).toEqual([]);
  await ds.query(
    `UPDATE message_outbox SET taken_at = now() - interval '2 minutes' WHERE conversation_id = $1 AND parked`,
    [id],
  );
  await outbox.redeliverDue();
  expect(delivered).toEqual([3]); // a worker that took it and never came back: signalled after all
  await outbox.stop();
});

it('parks nothing in a conversation a person has (every message is signalled there)', async () => {
  const id = await openConversation('AWAITING_AGENT');
  for (const body of ['Hello?', 'Anyone there?', 'Still waiting']) {
    expect(await fromApi(id, body)).toMatchObject({ parked: false, due: false });
  }
  expect(await parkedRows(id)).toBe(0);
});

it('never leaves a message parked with nobody due to take it, however stores and takes interleave', async () => {
  const id = await openConversation();
  const signalled = new Set<number>();
  const taken: number[] = [];
  // The workflow: told of a message (due), it looks for parked ones until a look finds none, as it does between
  // answers; it may look while stores are in flight.
  let mayHaveParked = false;
  let sending = true;
  const workflow = (async () => {
    while (sending || mayHaveParked) {
      if (!mayHaveParked) {
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      const got = await store.takeParkedMessages(id, taken.at(-1) ?? 0);
      taken.push(...got.map((m) => m.seq));
      mayHaveParked = got.length > 0;
    }
  })();
  await Promise.all(
    Array.from({ length: 8 }, async (_, k) => {
      for (let i = 0; i < 25; i++) {
        const m = (await fromApi(id, `message ${k}/${i}`))!;
        if (!m.parked) {
          signalled.add(m.seq);
          if (m.due) mayHaveParked = true;
        }
      }
    }),
  );
  sending = false;
  await workflow;

  expect(signalled.size + taken.length).toBe(200);
  expect(new Set([...signalled, ...taken]).size).toBe(200);
  expect(await parkedRows(id)).toBe(0);
  expect(await due(id)).toBe(false);
  expect(taken.length).toBeGreaterThan(0); // some were parked: the interleaving was exercised
});

it('drops the parked messages of a conversation that closes: they stay in the transcript, unanswered, and are not signalled', async () => {
  const id = await openConversation();
  await fromApi(id, 'Can I schedule it?');
  const parked = (await fromApi(id, 'Every Monday?'))!;
  expect(parked.parked).toBe(true);
  await store.recordConversationState({
    conversationId: id,
    status: 'CLOSED',
    event: {
      kind: 'conversation_closed',
      data: { by: 'customer', actorId: 'cus-01', reason: null },
      dedupeKey: 'closed',
    },
  });
  expect(await parkedRows(id)).toBe(0);
  const [kept] = await ds.query('SELECT body FROM messages WHERE id = $1', [parked.messageId]);
  expect(kept.body).toBe('Every Monday?');
});

it('counts the messages parked before each one: the backlog the API paces a flood by', async () => {
  const id = await openConversation();
  expect(await fromApi(id, 'Can I schedule it?')).toMatchObject({ parked: false, backlog: 0 });
  const resent = randomUUID();
  const backlogs = [];
  for (const body of ['Every Monday?', 'To two people?', 'As a PDF?']) {
    backlogs.push((await fromApi(id, body, body === 'To two people?' ? resent : randomUUID()))!.backlog);
  }
  expect(backlogs).toEqual([0, 1, 2]);
  // A resend stores nothing and waits for nothing.
  expect(await fromApi(id, 'To two people?', resent)).toMatchObject({ created: false, backlog: 0 });
  // The AI took them (it is answering them): they still count until its next take says it holds them.
  await store.takeParkedMessages(id, 0);
  expect((await fromApi(id, 'At 9am?'))!.backlog).toBe(3);
  expect((await store.takeParkedMessages(id, 5)).map((m) => m.seq)).toEqual([6]);
  expect(await store.takeParkedMessages(id, 6)).toEqual([]); // answered them all: nothing parked, not due
  expect((await fromApi(id, 'Thanks!'))!).toMatchObject({ parked: false, backlog: 0 });
});

describe('pacing a flood (MessageOutbox pace, over a real LISTEN)', () => {
  let hub: EventHub;
  const noRows = async () => null;
  beforeAll(async () => {
    hub = new EventHub(testEnv().databaseUrl, {
      message: noRows,
      conversation: noRows,
      waitingConversations: async () => [],
      queueInfos: async () => new Map(),
      backtest: noRows,
      note: noRows,
      notification: noRows,
      billingAction: noRows,
    });
    await hub.start();
  });
  afterAll(async () => hub?.stop());

  const pacedOutbox = (ids: string[], maxWaitMs: number) =>
    new MessageOutbox(
      ds,
      async (m) => {
        if (!ids.includes(m.conversationId)) throw new Error('not this test');
        return 'signalled';
      },
      {
        everyMs: 0,
        pace: {
          limit: 2,
          maxWaitMs,
          nextCommit: (c, except, ms) => hub.messageCommits.next(c, except, ms),
        },
      },
    );
  const send = (outbox: MessageOutbox, id: string, body: string) =>
    outbox.storeAndDeliver({ conversationId: id, authorId: 'cus-01', body, clientMessageId: randomUUID() });

  it('acknowledges a message behind the limit once the AI answers, with the message stored before the wait', async () => {
    const id = await openConversation();
    const outbox = pacedOutbox([id], 20_000);
    await send(outbox, id, 'Can I schedule it?'); // signalled: the AI is due
    await send(outbox, id, 'Every Monday?'); // parked, backlog 0
    await send(outbox, id, 'To two people?'); // parked, backlog 1
    let acknowledged = false;
    const third = send(outbox, id, 'As a PDF?').then((m) => {
      acknowledged = true;
      return m;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(acknowledged).toBe(false);
    const [row] = await ds.query(`SELECT seq FROM messages WHERE conversation_id = $1 AND body = 'As a PDF?'`, [id]);
    expect(row.seq).toBe(5); // stored: a client that gives up and resends finds it
    expect(hub.messageCommits.size).toBe(1);

    // The AI's answer, committed and heard on the channel, lets the acknowledgement go.
    await store.persistMessage({
      conversationId: id,
      authorKind: 'AI',
      body: 'Yes: Schedule > Every Monday.',
      clientMessageId: `ai-reply-${randomUUID()}`,
    });
    const stored = await third;
    expect(stored).toMatchObject({ seq: 5, created: true });
    expect(hub.messageCommits.size).toBe(0);
    await outbox.stop();
  });

  it('acknowledges at the deadline when the AI answers nothing, and never paces a conversation a person has', async () => {
    const id = await openConversation();
    const human = await openConversation('AWAITING_AGENT');
    const outbox = pacedOutbox([id, human], 400);
    for (const body of ['Can I schedule it?', 'Every Monday?', 'To two people?']) await send(outbox, id, body);
    const t0 = Date.now();
    expect(await send(outbox, id, 'Hello?')).toMatchObject({ created: true });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(350);

    const t1 = Date.now();
    for (const body of ['Hello?', 'Anyone there?', 'Still waiting', 'Please']) await send(outbox, human, body);
    expect(Date.now() - t1).toBeLessThan(350);
    await outbox.stop();
  });
});
