import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customer messages the API stored whose conversation workflow has not yet been told (the signal is sent right after
 * the store; a row outlives it only when Temporal did not answer). The API's redelivery loop signals what is left.
 */
export class MessageOutbox1765040000000 implements MigrationInterface {
  name = 'MessageOutbox1765040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE message_outbox (
        message_id uuid PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX message_outbox_attempted_idx ON message_outbox (attempted_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS message_outbox');
  }
}
