import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The weekly review digests, kept in-app: the team reads them in the console whether or not Slack is configured. */
export class ReviewDigests1764633600000 implements MigrationInterface {
  name = 'ReviewDigests1764633600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE review_digests (
        id bigserial PRIMARY KEY,
        kind varchar(32) NOT NULL,
        title text NOT NULL,
        sections jsonb NOT NULL,
        dedupe_key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS review_digests');
  }
}
