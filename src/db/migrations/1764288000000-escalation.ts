import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Live-agent backup: versioned escalation policy, escalation/handoff/SLA read model, agent queue, CSAT, notifications. */
export class Escalation1764288000000 implements MigrationInterface {
  name = 'Escalation1764288000000';

  async up(q: QueryRunner): Promise<void> {
    // Idempotency keys of audit events are per conversation.
    await q.query(`ALTER TABLE conversation_events DROP CONSTRAINT conversation_events_dedupe_key_key`);
    await q.query(
      `ALTER TABLE conversation_events ADD CONSTRAINT conversation_events_dedupe_key UNIQUE (conversation_id, dedupe_key)`,
    );
    await q.query(`
      CREATE TABLE escalation_policies (
        version int PRIMARY KEY,
        document jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      ALTER TABLE conversations
        ADD COLUMN escalation jsonb,
        ADD COLUMN handoff jsonb,
        ADD COLUMN sla jsonb,
        ADD COLUMN assignee_id varchar(64) REFERENCES agents(id),
        ADD COLUMN queue_pool text[] NOT NULL DEFAULT '{}',
        ADD COLUMN skills_wanted text[] NOT NULL DEFAULT '{}',
        ADD COLUMN preferred_agent_id varchar(64),
        ADD COLUMN sla_deadline timestamptz,
        ADD COLUMN escalated_at timestamptz,
        ADD COLUMN claimed_at timestamptz,
        ADD COLUMN resolved_at timestamptz,
        ADD COLUMN resolved_by varchar(16),
        ADD COLUMN resolution jsonb,
        ADD COLUMN priority int NOT NULL DEFAULT 0`);
    await q.query(
      `CREATE INDEX conversations_queue_idx ON conversations (sla_deadline) WHERE status = 'AWAITING_AGENT'`,
    );
    await q.query(
      `CREATE INDEX conversations_assignee_idx ON conversations (assignee_id) WHERE assignee_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE conversation_ratings (
        conversation_id uuid PRIMARY KEY REFERENCES conversations(id),
        score int NOT NULL CHECK (score BETWEEN 1 AND 5),
        comment text,
        escalated boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE agent_notifications (
        id bigserial PRIMARY KEY,
        conversation_id uuid NOT NULL REFERENCES conversations(id),
        kind varchar(32) NOT NULL,
        audience text[] NOT NULL,
        message text NOT NULL,
        sink varchar(32) NOT NULL DEFAULT 'in_app',
        dedupe_key text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS agent_notifications');
    await q.query('DROP TABLE IF EXISTS conversation_ratings');
    await q.query(`ALTER TABLE conversations DROP COLUMN escalation, DROP COLUMN handoff, DROP COLUMN sla, DROP COLUMN assignee_id,
      DROP COLUMN queue_pool, DROP COLUMN skills_wanted, DROP COLUMN preferred_agent_id, DROP COLUMN sla_deadline,
      DROP COLUMN escalated_at, DROP COLUMN claimed_at, DROP COLUMN resolved_at, DROP COLUMN resolved_by, DROP COLUMN resolution,
      DROP COLUMN priority`);
    await q.query('DROP TABLE IF EXISTS escalation_policies');
    await q.query('ALTER TABLE conversation_events DROP CONSTRAINT conversation_events_dedupe_key');
    await q.query(
      'ALTER TABLE conversation_events ADD CONSTRAINT conversation_events_dedupe_key_key UNIQUE (dedupe_key)',
    );
  }
}
