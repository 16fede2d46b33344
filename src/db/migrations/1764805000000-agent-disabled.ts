import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An admin can disable an agent (and enable them again): while `disabled_at` is set, the agent's requests are refused
 * on both transports and the billing activity does not accept them as an approver. A column, not a deleted row:
 * conversations, messages and billing actions keep naming who did what.
 */
export class AgentDisabled1764805000000 implements MigrationInterface {
  name = 'AgentDisabled1764805000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE agents ADD COLUMN disabled_at timestamptz');
    await q.query('ALTER TABLE agents ADD COLUMN disabled_by text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE agents DROP COLUMN IF EXISTS disabled_by');
    await q.query('ALTER TABLE agents DROP COLUMN IF EXISTS disabled_at');
  }
}
