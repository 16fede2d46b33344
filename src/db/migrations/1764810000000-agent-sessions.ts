import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Console sessions: one row per refresh token, stored as its SHA-256 (the cookie holds the only copy of the token).
 * A refresh revokes its row and inserts the next one of the same family; a revoked token presented again revokes the
 * whole family (it was stolen, or replayed). The family ends at `expires_at`, counted from sign-in.
 */
export class AgentSessions1764810000000 implements MigrationInterface {
  name = 'AgentSessions1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agent_sessions (
        token_hash char(64) PRIMARY KEY,
        family_id uuid NOT NULL,
        agent_id varchar(64) NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query('CREATE INDEX agent_sessions_family_idx ON agent_sessions (family_id)');
    await q.query('CREATE INDEX agent_sessions_expires_idx ON agent_sessions (expires_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS agent_sessions');
  }
}
