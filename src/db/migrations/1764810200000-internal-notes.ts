import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Internal notes: staff-only text on a conversation, kept apart from `messages` so that nothing that reads the
 * transcript (the customer's views, the AI's context, exports) can come across one. The client's idempotency key is
 * unique per conversation.
 */
export class InternalNotes1764810200000 implements MigrationInterface {
  name = 'InternalNotes1764810200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE conversation_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conversation_id uuid NOT NULL REFERENCES conversations(id),
        author_id varchar(64) NOT NULL,
        author_name text NOT NULL,
        body text NOT NULL,
        client_note_id varchar(128) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT conversation_notes_client_id_key UNIQUE (conversation_id, client_note_id)
      )`);
    await q.query(
      'CREATE INDEX conversation_notes_conversation_idx ON conversation_notes (conversation_id, created_at)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS conversation_notes');
  }
}
