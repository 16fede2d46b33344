import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Routing counts how busy an agent is: `capacity` is how many conversations they work at once (NULL: no limit), checked
 * under a row lock on the agent before a claim; `last_assigned_at` orders the round robin of auto-assignment.
 */
export class AgentCapacity1765020000000 implements MigrationInterface {
  name = 'AgentCapacity1765020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE agents ADD COLUMN capacity integer CHECK (capacity IS NULL OR capacity >= 0)');
    await q.query('ALTER TABLE agents ADD COLUMN last_assigned_at timestamptz');
    // The open-conversation count of one agent, read under their row lock on every claim.
    await q.query(
      `CREATE INDEX IF NOT EXISTS conversations_assignee_active ON conversations (assignee_id) WHERE status = 'AGENT_ACTIVE'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS conversations_assignee_active');
    await q.query('ALTER TABLE agents DROP COLUMN IF EXISTS last_assigned_at');
    await q.query('ALTER TABLE agents DROP COLUMN IF EXISTS capacity');
  }
}
