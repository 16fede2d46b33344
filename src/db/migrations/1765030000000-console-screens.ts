import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the console's team, knowledge and money screens need: who is an admin (a console session of an admin row
 * carries the admin role), each agent's capacity, archived articles and every version of an article as it was
 * written (the knowledge base keeps its history; the AI reads only the live, newest version).
 */
export class ConsoleScreens1765030000000 implements MigrationInterface {
  name = 'ConsoleScreens1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agents ADD COLUMN role varchar(16) NOT NULL DEFAULT 'agent'`);
    await q.query(`ALTER TABLE agents ADD CONSTRAINT agents_role_check CHECK (role IN ('agent', 'admin'))`);
    // The routing work may add the same column: whichever migration runs first makes it.
    await q.query('ALTER TABLE agents ADD COLUMN IF NOT EXISTS capacity int NOT NULL DEFAULT 5');
    await q.query('ALTER TABLE agents ADD COLUMN invited_by text');
    await q.query('ALTER TABLE kb_articles ADD COLUMN archived_at timestamptz');
    await q.query('ALTER TABLE kb_articles ADD COLUMN archived_by text');
    await q.query(`
      CREATE TABLE kb_article_versions (
        article_id varchar(64) NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
        version int NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        routes text[] NOT NULL DEFAULT '{}',
        edited_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (article_id, version)
      )`);
    await q.query(`INSERT INTO kb_article_versions (article_id, version, title, body, tags, routes, edited_by, created_at)
      SELECT id, version, title, body, tags, routes, 'system', updated_at FROM kb_articles`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS kb_article_versions');
    await q.query('ALTER TABLE kb_articles DROP COLUMN IF EXISTS archived_by');
    await q.query('ALTER TABLE kb_articles DROP COLUMN IF EXISTS archived_at');
    await q.query('ALTER TABLE agents DROP COLUMN IF EXISTS invited_by');
    await q.query('ALTER TABLE agents DROP CONSTRAINT IF EXISTS agents_role_check');
    await q.query('ALTER TABLE agents DROP COLUMN IF EXISTS role');
  }
}
