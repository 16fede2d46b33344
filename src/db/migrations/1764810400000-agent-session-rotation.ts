import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rotation apart from revocation: a refresh marks its token rotated (still usable for a few seconds, so two tabs
 * refreshing at once both succeed), sign-out and replay detection revoke the family.
 */
export class AgentSessionRotation1764810400000 implements MigrationInterface {
  name = 'AgentSessionRotation1764810400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE agent_sessions ADD COLUMN rotated_at timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE agent_sessions DROP COLUMN rotated_at');
  }
}
