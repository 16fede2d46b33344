import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A Stripe event is a duplicate only once it has reached its conversation: `delivered_at` is set after the signal
 * succeeded, so an event whose signal failed is processed again when Stripe retries it. Rows from before were
 * delivered when they were received.
 */
export class StripeEventDelivery1764900000000 implements MigrationInterface {
  name = 'StripeEventDelivery1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE stripe_events ADD COLUMN delivered_at timestamptz');
    await q.query('UPDATE stripe_events SET delivered_at = received_at');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE stripe_events DROP COLUMN delivered_at');
  }
}
