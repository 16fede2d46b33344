import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saved replies (macros) for agents: shared ones (owner_id NULL, managed by leads and admins) and personal ones (only
 * their owner sees and changes them). Bodies carry placeholders ({customer.name}, {agent.name}) filled when rendered.
 */
export class SavedReplies1765020100000 implements MigrationInterface {
  name = 'SavedReplies1765020100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_replies (
        id uuid PRIMARY KEY,
        owner_id varchar(64) REFERENCES agents (id) ON DELETE CASCADE,
        title text NOT NULL,
        body text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX saved_replies_owner ON saved_replies (owner_id, title)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS saved_replies');
  }
}
