import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/db/data-source';
import { ConversationStore } from '../src/services/conversation-store';
import { testEnv } from './support/env';
import { cid, customerTurn, startStack, token, turnsHandled, waitFor } from './support/stack';

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
