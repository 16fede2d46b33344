import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-agent read state of the in-app notifications (agent_notifications goes to an audience of tiers, ONCALL and
 * agent ids; each agent reads it on their own), and an index for "what reaches this agent".
 */
export class NotificationReads1764810300000 implements MigrationInterface {
  name = 'NotificationReads1764810300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agent_notification_reads (
        notification_id bigint NOT NULL REFERENCES agent_notifications(id) ON DELETE CASCADE,
        agent_id varchar(64) NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        read_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agent_id, notification_id)
      )`);
    await q.query('CREATE INDEX agent_notifications_audience_idx ON agent_notifications USING GIN (audience)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS agent_notifications_audience_idx');
    await q.query('DROP TABLE IF EXISTS agent_notification_reads');
  }
}
