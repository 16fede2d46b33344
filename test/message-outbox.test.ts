import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/db/data-source';
import { ConversationStore } from '../src/services/conversation-store';
import { testEnv } from './support/env';
import { cid, customerTurn, gql, SEND, startStack, token, turnsHandled, waitFor } from './support/stack';

/**
 * The message path's outbox, end to end (API, worker, Temporal, PostgreSQL): a customer message an API stored but
 * never signalled (the replica died in between, or Temporal did not answer and the client never resent) is still
 * delivered to its workflow by the API's redelivery loop and answered, once; delivered again, it earns no second turn.
 */
let stack: Awaited<ReturnType<typeof startStack>>;
let ds: DataSource;
let store: ConversationStore;

beforeAll(async () => {
  stack = await startStack('outbox');
  ds = createDataSource(testEnv().databaseUrl, { poolSize: 2, applicationName: 'test-message-outbox' });
  await ds.initialize();
  store = new ConversationStore(ds);
});
afterAll(async () => {
  await ds?.destroy();
  await stack?.stop();
});

async function answersAfter(conversationId: string, seq: number): Promise<Array<{ author_kind: string }>> {
  return ds.query(
    `SELECT author_kind FROM messages WHERE conversation_id = $1 AND seq > $2 AND author_kind IN ('AI', 'SYSTEM')`,
    [conversationId, seq],
  );
}

it('answers a stored message whose workflow was never told, once, and a second delivery earns no second turn', async () => {
  const customerId = 'cus-12';
  const { id } = await customerTurn(
    stack.port,
    token('customer', customerId),
    null,
    'How do I export a dashboard to PDF?',
  );

  // What an API replica leaves when it dies between the store and the signal: the row and its outbox entry.
  const stored = (await store.persistCustomerMessage({
    conversationId: id,
    authorId: customerId,
    body: 'And can I schedule that export every Monday?',
    clientMessageId: cid(),
  }))!;
  expect(stored.created).toBe(true);

  const answers = await waitFor(async () => {
    const a = await answersAfter(id, stored.seq);
    return a.length > 0 ? a : undefined;
  }, 30_000);
  expect(answers).toHaveLength(1);
  const [left] = await ds.query('SELECT count(*)::int AS n FROM message_outbox WHERE message_id = $1', [
    stored.messageId,
  ]);
  expect(left.n).toBe(0);

  // Delivered again (an outbox row whose delete was lost): the workflow takes a message once.
  await ds.query(
    `INSERT INTO message_outbox (message_id, conversation_id, attempted_at) VALUES ($1, $2, now() - interval '1 minute')`,
    [stored.messageId, id],
  );
  await waitFor(async () => {
    const [r] = await ds.query('SELECT count(*)::int AS n FROM message_outbox WHERE message_id = $1', [
      stored.messageId,
    ]);
    return r.n === 0 ? true : undefined;
  }, 15_000);
  await turnsHandled(id);
  expect(await answersAfter(id, stored.seq)).toHaveLength(1);
});

it('parks the messages that follow one the AI is due to answer: acknowledged without the worker, answered once each, in order', async () => {
  const customerId = 'cus-13';
  const auth = token('customer', customerId);
  const { id } = await customerTurn(stack.port, auth, null, 'How do I export a dashboard to PDF?');
  await turnsHandled(id);
  const asked = ['Can I schedule that export?', 'How do I invite a colleague?', 'How do I rotate an API key?'];
  const acks: Array<{ id: string; seq: number }> = [];
  // The worker is held: the first of these is signalled (the workflow is due after it), the others are parked.
  process.kill(stack.worker.pid, 'SIGSTOP');
  try {
    for (const body of asked) {
      const r = await gql(stack.port, auth, SEND, { input: { conversationId: id, body, clientMessageId: cid() } });
      expect(r.errors).toBeUndefined();
      acks.push(r.data!.sendMessage);
    }
    const outbox = await ds.query(
      'SELECT m.seq, o.parked FROM message_outbox o JOIN messages m ON m.id = o.message_id WHERE o.conversation_id = $1 ORDER BY m.seq',
      [id],
    );
    expect(outbox).toEqual(acks.slice(1).map((a) => ({ seq: a.seq, parked: true })));
  } finally {
    process.kill(stack.worker.pid, 'SIGCONT');
  }
  await waitFor(async () => ((await answersAfter(id, acks[0].seq - 1)).length === 3 ? true : undefined), 30_000);
  await turnsHandled(id);
  const replies = await ds.query(
    `SELECT client_message_id FROM messages WHERE conversation_id = $1 AND author_kind = 'AI' AND seq > $2 ORDER BY seq`,
    [id, acks[0].seq],
  );
  expect(replies.map((r: { client_message_id: string }) => r.client_message_id)).toEqual(
    acks.map((a) => `ai-reply-${a.id}`),
  );
  expect(await ds.query('SELECT 1 FROM message_outbox WHERE conversation_id = $1', [id])).toEqual([]);
  const [conv] = await ds.query('SELECT ai_turn_due FROM conversations WHERE id = $1', [id]);
  expect(conv.ai_turn_due).toBe(false); // the last look found none: the next message is signalled again
});
