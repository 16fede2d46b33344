import { loadConfig } from '.';

describe('configuration', () => {
  it('has working defaults for a laptop', () => {
    const c = loadConfig({});
    expect(c.temporal).toMatchObject({
      address: 'localhost:7233',
      namespace: 'default',
      taskQueue: 'support',
      uiPort: 8233,
    });
    expect(c.api.port).toBe(4000);
    expect(c.databaseUrl).toBeUndefined();
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ TEMPORAL_ADDRESS: 'no-port-here' }, /TEMPORAL_ADDRESS must look like host:port/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /DATABASE_URL must be a postgres:\/\/ URL/],
    [{ AUTH_JWT_SECRET: 'short' }, /AUTH_JWT_SECRET must be at least 16 characters/],
    [{ NODE_ENV: 'production' }, /AUTH_JWT_SECRET is required/],
    [{ BACKTEST_PAGE_SIZE: '0' }, /BACKTEST_PAGE_SIZE/],
    [{ REVIEW_DIGEST_CRON: 'every monday' }, /REVIEW_DIGEST_CRON must be a five-field cron expression/],
    [{ REVIEW_DIGEST_TIMEZONE: 'Mars/Olympus' }, /REVIEW_DIGEST_TIMEZONE must be an IANA time zone/],
  ])('stops with one line naming a bad value: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('runs the weekly review digest on Mondays at 09:00 UTC unless told otherwise', () => {
    expect(loadConfig({}).reviewDigest).toEqual({ cron: '0 9 * * 1', timezone: 'UTC' });
    expect(
      loadConfig({ REVIEW_DIGEST_CRON: '30 7 * * 5', REVIEW_DIGEST_TIMEZONE: 'Europe/Berlin' }).reviewDigest,
    ).toEqual({ cron: '30 7 * * 5', timezone: 'Europe/Berlin' });
    expect(loadConfig({ REVIEW_DIGEST_CRON: 'off' }).reviewDigest).toBeNull();
  });

  it('serves worker metrics on 9464 unless WORKER_METRICS_PORT moves or turns it off (0)', () => {
    expect(loadConfig({}).worker.metricsPort).toBe(9464);
    expect(loadConfig({ WORKER_METRICS_PORT: '9100' }).worker.metricsPort).toBe(9100);
    expect(loadConfig({ WORKER_METRICS_PORT: '0' }).worker.metricsPort).toBeNull();
    expect(() => loadConfig({ WORKER_METRICS_PORT: '70000' })).toThrow(/WORKER_METRICS_PORT/);
  });
});
