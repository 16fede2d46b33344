import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The learning loop: KB article drafts from agent resolutions, the conversations they came from, and who reviewed
 * them. An approved suggestion becomes (a new version of) a kb_articles row.
 */
export class KnowledgeSuggestions1764547200000 implements MigrationInterface {
  name = 'KnowledgeSuggestions1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE knowledge_suggestions (
        id uuid PRIMARY KEY,
        workflow_id text NOT NULL UNIQUE,
        status varchar(16) NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','APPROVED','REJECTED')),
        question text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        target_article_id varchar(64) REFERENCES kb_articles(id),
        article_id varchar(64) REFERENCES kb_articles(id),
        replay jsonb,
        reviewed_by varchar(64),
        reject_reason text,
        reminders int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX knowledge_suggestions_status_idx ON knowledge_suggestions (status, created_at, id)`);
    await q.query(`
      CREATE TABLE knowledge_suggestion_sources (
        suggestion_id uuid NOT NULL REFERENCES knowledge_suggestions(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES conversations(id),
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (suggestion_id, conversation_id)
      )`);
    await q.query(
      `CREATE INDEX knowledge_suggestion_sources_conversation_idx ON knowledge_suggestion_sources (conversation_id)`,
    );
    await q.query(`ALTER TABLE kb_articles ADD COLUMN source_suggestion_id uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE kb_articles DROP COLUMN IF EXISTS source_suggestion_id');
    await q.query('DROP TABLE IF EXISTS knowledge_suggestion_sources');
    await q.query('DROP TABLE IF EXISTS knowledge_suggestions');
  }
}
