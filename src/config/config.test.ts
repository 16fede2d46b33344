import { loadConfig } from '.';

describe('configuration', () => {
  it('has working defaults for a laptop', () => {
    const c = loadConfig({});
    expect(c.temporal).toMatchObject({ address: 'localhost:7233', namespace: 'default', taskQueue: 'support', uiPort: 8233 });
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
  ])('stops with one line naming a bad value: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
