import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/db/data-source';
import { ConversationStore } from '../src/services/conversation-store';
import { PERSIST_MESSAGE_SQL } from '../src/services/message-sql';
import { testEnv } from './support/env';
import { openStoredConversation } from './support/store-conversations';

/**
 * The message path's statements are prepared once per connection (src/db/prepared.ts): on one connection, two
 * conversations' messages leave one prepared statement per statement text, and the messages are stored as before.
 */
let ds: DataSource;
beforeAll(async () => {
  ds = createDataSource(testEnv().databaseUrl, { poolSize: 1, applicationName: 'test-prepared-statements' });
  await ds.initialize();
});
afterAll(async () => ds?.destroy());

it('prepares the message statements once per connection and stores the messages as before', async () => {
  const store = new ConversationStore(ds);
  const seqs: number[] = [];
  for (let k = 0; k < 2; k++) {
    const id = await openStoredConversation(store);
    for (const body of ['Can I schedule it?', 'Every Monday?']) {
      const m = await store.persistCustomerMessage({
        conversationId: id,
        authorId: 'cus-01',
        body,
        clientMessageId: randomUUID(),
      });
      seqs.push(m!.seq);
    }
  }
  expect(seqs).toEqual([2, 3, 2, 3]);
  const statements: Array<{ name: string; statement: string }> = await ds.query(
    `SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'p\\_%'`,
  );
  const texts = statements.map((s) => s.statement);
  expect(texts.filter((t) => t === PERSIST_MESSAGE_SQL.creating)).toHaveLength(1);
  expect(texts.filter((t) => t === PERSIST_MESSAGE_SQL.fromApi)).toHaveLength(1);
});
