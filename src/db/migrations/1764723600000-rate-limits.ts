import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters of the per-identity rate limits, shared by every API replica (rate-limiter-flexible's RateLimiterPostgres
 * schema: key = bucket:role:sub, points used in the window, expire in epoch ms). The library never creates it
 * (tableCreated: true). UNLOGGED: counters are worth no WAL, and a crash only resets windows of a minute.
 */
export class RateLimits1764723600000 implements MigrationInterface {
  name = 'RateLimits1764723600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limits (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
    // The library deletes rows that expired an hour ago, every five minutes.
    await q.query('CREATE INDEX rate_limits_expire_idx ON rate_limits (expire)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS rate_limits');
  }
}
