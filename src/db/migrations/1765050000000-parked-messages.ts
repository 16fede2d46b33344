import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first take, which deleted what it returned (replaced by the parked-take-retryable migration). */
export const TAKE_PARKED_V1 = `
      CREATE FUNCTION take_parked_messages(conv uuid)
      RETURNS TABLE (message_id uuid, seq integer, body text, client_message_id varchar, page_context jsonb)
      LANGUAGE plpgsql VOLATILE AS $$
      #variable_conflict use_column
      BEGIN
        PERFORM 1 FROM conversations c WHERE c.id = conv FOR UPDATE;
        RETURN QUERY
          WITH taken AS (
            DELETE FROM message_outbox o WHERE o.conversation_id = conv AND o.parked RETURNING o.message_id)
          SELECT m.id, m.seq, m.body, m.client_message_id, m.page_context
            FROM messages m JOIN taken t ON t.message_id = m.id ORDER BY m.seq;
        UPDATE conversations c SET ai_turn_due = FOUND WHERE c.id = conv;
      END $$`;

/**
 * Messages a busy conversation takes itself instead of being signalled (see PERSIST_MESSAGE_SQL.fromApi and
 * ConversationStore.takeParkedMessages). `ai_turn_due`: the workflow has been told of a message it will answer and
 * reads the parked ones before it goes idle; a message that arrives meanwhile is stored `parked`, without a signal
 * (each signal costs the conversation a workflow task). `take_parked_messages` takes them and says whether any were
 * left, in statements of their own after the conversation row's lock (so each sees what committed before it): a
 * message stored while it waited for the lock is taken, never left parked with nobody due to read it.
 */
export class ParkedMessages1765050000000 implements MigrationInterface {
  name = 'ParkedMessages1765050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE conversations ADD COLUMN ai_turn_due boolean NOT NULL DEFAULT false');
    await q.query('ALTER TABLE message_outbox ADD COLUMN parked boolean NOT NULL DEFAULT false');
    await q.query('CREATE INDEX message_outbox_parked_idx ON message_outbox (conversation_id) WHERE parked');
    await q.query(TAKE_PARKED_V1);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION IF EXISTS take_parked_messages(uuid)');
    await q.query('DROP INDEX IF EXISTS message_outbox_parked_idx');
    await q.query('ALTER TABLE message_outbox DROP COLUMN IF EXISTS parked');
    await q.query('ALTER TABLE conversations DROP COLUMN IF EXISTS ai_turn_due');
  }
}
