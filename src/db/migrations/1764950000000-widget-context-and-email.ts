import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the widget needs beyond the first slice: the page each customer message was sent from (the handoff shows where
 * the customer is now), the context gathered when the widget opens (before any conversation exists), when a
 * customer last had a widget open, and which batches of agent replies were emailed.
 */
export class WidgetContextAndEmail1764950000000 implements MigrationInterface {
  name = 'WidgetContextAndEmail1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE messages ADD COLUMN page_context jsonb');
    // Anonymous visitors (where a deployment allows them) are customers without an address until they sign in.
    await q.query('ALTER TABLE customers ALTER COLUMN email DROP NOT NULL');
    await q.query('ALTER TABLE customers ADD COLUMN visitor boolean NOT NULL DEFAULT false');
    await q.query('ALTER TABLE customers ADD COLUMN merged_into varchar(64)');
    // One row per widget session (the session token's sid); consumed by the first message's conversation.
    await q.query(`
      CREATE TABLE context_prefetches (
        session_id varchar(64) PRIMARY KEY,
        customer_id varchar(64) NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        page_context jsonb NOT NULL DEFAULT '{}',
        status varchar(16) NOT NULL DEFAULT 'GATHERING',
        context jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        ready_at timestamptz,
        expires_at timestamptz NOT NULL,
        consumed_by uuid
      )`);
    await q.query('CREATE INDEX context_prefetches_customer_idx ON context_prefetches (customer_id, expires_at)');
    await q.query('CREATE INDEX context_prefetches_expires_idx ON context_prefetches (expires_at)');
    // Refreshed by every API replica while a customer's widget holds a WebSocket open; nothing else is stored.
    await q.query(`
      CREATE UNLOGGED TABLE widget_presence (
        customer_id varchar(64) PRIMARY KEY,
        last_seen_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE reply_emails (
        conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        from_seq integer NOT NULL,
        to_seq integer NOT NULL,
        recipient text NOT NULL,
        message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        PRIMARY KEY (conversation_id, from_seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS reply_emails');
    await q.query('DROP TABLE IF EXISTS widget_presence');
    await q.query('DROP TABLE IF EXISTS context_prefetches');
    await q.query('ALTER TABLE messages DROP COLUMN IF EXISTS page_context');
    await q.query('ALTER TABLE customers DROP COLUMN IF EXISTS merged_into');
    await q.query('ALTER TABLE customers DROP COLUMN IF EXISTS visitor');
  }
}
