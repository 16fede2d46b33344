import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search over conversations for the console (ConversationFilterInput.search): GIN indexes on the message
 * bodies (English stemming) and on the customer's name and email (no stemming: names are not English words). The
 * expressions are the ones src/services/conversation-filters.ts searches with, so PostgreSQL uses these indexes.
 */
export class ConversationSearch1764810100000 implements MigrationInterface {
  name = 'ConversationSearch1764810100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX messages_body_search_idx ON messages USING GIN (to_tsvector('english', body))`);
    await q.query(
      `CREATE INDEX customers_search_idx ON customers USING GIN (to_tsvector('simple', name || ' ' || email))`,
    );
    // Open conversations by tier and trigger: the console's counts.
    await q.query(
      `CREATE INDEX conversations_open_idx ON conversations (status, tier) WHERE status NOT IN ('RESOLVED', 'CLOSED')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS conversations_open_idx');
    await q.query('DROP INDEX IF EXISTS customers_search_idx');
    await q.query('DROP INDEX IF EXISTS messages_body_search_idx');
  }
}
