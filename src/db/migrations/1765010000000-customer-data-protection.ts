import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customer data at rest: each customer's data key, wrapped by the deployment's key (the payload codec encrypts their
 * Temporal payloads with it; erasing the customer destroys it), and the audit log of admins' data operations
 * (exports and erasures, by hand or by the retention schedule).
 */
export class CustomerDataProtection1765010000000 implements MigrationInterface {
  name = 'CustomerDataProtection1765010000000';

  async up(q: QueryRunner): Promise<void> {
    // No foreign key to customers: a shredded key outlives the customer row, as the proof that it was destroyed.
    await q.query(`
      CREATE TABLE customer_data_keys (
        id uuid PRIMARY KEY,
        customer_id varchar(64) NOT NULL,
        wrapping_key_id varchar(32) NOT NULL,
        wrapped_key bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        shredded_at timestamptz,
        CHECK ((wrapped_key IS NULL) = (shredded_at IS NOT NULL))
      )`);
    await q.query(
      'CREATE UNIQUE INDEX customer_data_keys_active_key ON customer_data_keys (customer_id) WHERE shredded_at IS NULL',
    );
    await q.query(`
      CREATE TABLE data_audit_log (
        id bigserial PRIMARY KEY,
        action varchar(32) NOT NULL,
        actor_id varchar(64) NOT NULL,
        actor_role varchar(16) NOT NULL,
        customer_id varchar(64),
        details jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX data_audit_log_customer_idx ON data_audit_log (customer_id, created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS data_audit_log');
    await q.query('DROP TABLE IF EXISTS customer_data_keys');
  }
}
