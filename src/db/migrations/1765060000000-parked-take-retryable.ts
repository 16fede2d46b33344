import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TAKE_PARKED_V1 } from './1765050000000-parked-messages';

/**
 * A take of parked messages can be retried: it no longer deletes what it returns. The workflow says which messages it
 * already holds (`after`, the highest seq an earlier take gave it); those rows go, the rest are returned, again if a
 * retry asks again. A take whose commit succeeded but whose reply was lost (PostgreSQL cut mid-answer, the worker
 * gone before the result was recorded) used to drop its messages: the retry found none and they were never answered
 * (chaos `postgres-refusing`). `taken_at` restarts the redelivery clock of a returned row: the workflow has it and is
 * answering it, and a signal as well would only cost it a workflow task (see MessageOutbox.redeliver).
 */
export class ParkedTakeRetryable1765060000000 implements MigrationInterface {
  name = 'ParkedTakeRetryable1765060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE message_outbox ADD COLUMN taken_at timestamptz');
    await q.query('DROP FUNCTION take_parked_messages(uuid)');
    await q.query(`
      CREATE FUNCTION take_parked_messages(conv uuid, after integer)
      RETURNS TABLE (message_id uuid, seq integer, body text, client_message_id varchar, page_context jsonb)
      LANGUAGE plpgsql VOLATILE AS $$
      #variable_conflict use_column
      BEGIN
        PERFORM 1 FROM conversations c WHERE c.id = conv FOR UPDATE;
        DELETE FROM message_outbox o USING messages m
         WHERE o.conversation_id = conv AND o.parked AND m.id = o.message_id AND m.seq <= after;
        RETURN QUERY
          WITH taken AS (
            UPDATE message_outbox o SET taken_at = now() WHERE o.conversation_id = conv AND o.parked
            RETURNING o.message_id)
          SELECT m.id, m.seq, m.body, m.client_message_id, m.page_context
            FROM messages m JOIN taken t ON t.message_id = m.id ORDER BY m.seq;
        UPDATE conversations c SET ai_turn_due = FOUND WHERE c.id = conv;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION IF EXISTS take_parked_messages(uuid, integer)');
    await q.query(TAKE_PARKED_V1);
    await q.query('ALTER TABLE message_outbox DROP COLUMN IF EXISTS taken_at');
  }
}
