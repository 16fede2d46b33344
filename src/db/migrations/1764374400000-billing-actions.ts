import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Money moves only with an agent's approval: proposals, approvals and their Stripe ids; Stripe webhook dedupe. */
export class BillingActions1764374400000 implements MigrationInterface {
  name = 'BillingActions1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE billing_actions (
        id uuid PRIMARY KEY,
        conversation_id uuid NOT NULL REFERENCES conversations(id),
        kind varchar(16) NOT NULL CHECK (kind IN ('REFUND','CREDIT')),
        status varchar(16) NOT NULL CHECK (status IN ('PROPOSED','EXECUTED','FAILED','REJECTED')),
        amount_cents int NOT NULL CHECK (amount_cents > 0),
        currency varchar(3) NOT NULL,
        reason text NOT NULL,
        charge_id text,
        stripe_id text,
        proposed_by varchar(64) NOT NULL,
        approved_by varchar(64),
        rejected_by varchar(64),
        reject_reason text,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX billing_actions_conversation_idx ON billing_actions (conversation_id, created_at)`);
    await q.query(`
      CREATE TABLE stripe_events (
        id text PRIMARY KEY,
        type text NOT NULL,
        conversation_id uuid,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS stripe_events');
    await q.query('DROP TABLE IF EXISTS billing_actions');
  }
}
