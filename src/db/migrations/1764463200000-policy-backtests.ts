import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Policy backtests: one row per run (status, progress, report) and the conversations whose outcome it changes. */
export class PolicyBacktests1764463200000 implements MigrationInterface {
  name = 'PolicyBacktests1764463200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE backtests (
        id uuid PRIMARY KEY,
        status varchar(16) NOT NULL CHECK (status IN ('RUNNING','COMPLETED','FAILED')),
        progress double precision NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
        document jsonb NOT NULL,
        window_from timestamptz NOT NULL,
        window_to timestamptz NOT NULL,
        window_until timestamptz NOT NULL,
        workflow_id text NOT NULL,
        total int,
        processed int NOT NULL DEFAULT 0,
        report jsonb,
        error text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE backtest_changes (
        backtest_id uuid NOT NULL REFERENCES backtests(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES conversations(id),
        ord bigserial NOT NULL,
        tier varchar(16) NOT NULL,
        before varchar(32),
        after varchar(32),
        before_at timestamptz,
        after_at timestamptz,
        PRIMARY KEY (backtest_id, conversation_id)
      )`);
    await q.query(`CREATE INDEX backtest_changes_order_idx ON backtest_changes (backtest_id, ord)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS backtest_changes');
    await q.query('DROP TABLE IF EXISTS backtests');
  }
}
