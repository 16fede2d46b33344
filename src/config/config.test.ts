import { assertSafeToExpose, loadConfig } from '.';
import { parseRate } from './api-limits';

/** A production deployment lists its own data encryption key (the development key is refused there). */
const PROD_KEYS = `k1:${Buffer.alloc(32, 1).toString('base64')}`;

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
    expect(c.temporal.uiUrl).toBe('http://localhost:8233');
    expect(c.console).toEqual({
      devSignIn: true,
      oidc: null,
      httpsOnly: false,
      sessionTtlSeconds: 43200,
      accessTokenTtlSeconds: 600,
      refreshReuseSeconds: 10,
    });
    expect(
      loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32), DATA_ENCRYPTION_KEYS: PROD_KEYS }).console
        .devSignIn,
    ).toBe(false);
  });

  it('reads single sign-on: the callback defaults to PUBLIC_URL, plain http only outside production', () => {
    const oidc = { OIDC_ISSUER_URL: 'http://127.0.0.1:9000', OIDC_CLIENT_ID: 'console', OIDC_CLIENT_SECRET: 's3cret' };
    expect(loadConfig({ ...oidc, PUBLIC_URL: 'https://support.example.com/' }).console.oidc).toEqual({
      issuerUrl: 'http://127.0.0.1:9000',
      clientId: 'console',
      clientSecret: 's3cret',
      redirectUrl: 'https://support.example.com/auth/oidc/callback',
      providerName: 'single sign-on',
      allowHttp: true,
    });
    const prod = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32), DATA_ENCRYPTION_KEYS: PROD_KEYS };
    expect(() => loadConfig({ ...prod, ...oidc })).toThrow(/OIDC_ISSUER_URL must be https/);
    expect(() => loadConfig({ OIDC_CLIENT_ID: 'console' })).toThrow(/OIDC_ISSUER_URL and OIDC_CLIENT_ID go together/);
    const okta = { ...prod, ...oidc, OIDC_ISSUER_URL: 'https://acme.okta.com', OIDC_PROVIDER_NAME: 'Okta' };
    expect(loadConfig(okta).console.oidc).toMatchObject({ providerName: 'Okta', allowHttp: false });
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
    [
      { NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32), DATA_ENCRYPTION_KEYS: PROD_KEYS, DEV_SIGN_IN: 'true' },
      /DEV_SIGN_IN cannot be on/,
    ],
    [
      { TEMPORAL_TLS_CERT_PATH: '/etc/support/client.pem' },
      /TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together/,
    ],
  ])('stops with one line naming a bad value: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('talks plaintext to Temporal unless TEMPORAL_TLS_* name PEM files (mutual TLS with a certificate and key)', () => {
    expect(loadConfig({}).temporal.tls).toBeUndefined();
    const tls = { TEMPORAL_TLS_CERT_PATH: 'c.pem', TEMPORAL_TLS_KEY_PATH: 'c.key', TEMPORAL_TLS_CA_PATH: 'ca.pem' };
    expect(loadConfig(tls).temporal.tls).toEqual({ certPath: 'c.pem', keyPath: 'c.key', caPath: 'ca.pem' });
    expect(loadConfig({ TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' }).temporal.tls).toEqual({
      serverName: 'temporal.internal',
    });
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

describe('exposure and abuse limits', () => {
  it("bounds each call into the workflow sandbox at Temporal's 5 s unless WORKER_SANDBOX_CALL_TIMEOUT_MS says (0: none)", () => {
    expect(loadConfig({}).worker.sandboxCallTimeoutMs).toBe(5000);
    expect(loadConfig({ WORKER_SANDBOX_CALL_TIMEOUT_MS: '2000' }).worker.sandboxCallTimeoutMs).toBe(2000);
    expect(loadConfig({ WORKER_SANDBOX_CALL_TIMEOUT_MS: '0' }).worker.sandboxCallTimeoutMs).toBeNull();
    expect(() => loadConfig({ WORKER_SANDBOX_CALL_TIMEOUT_MS: '-1' })).toThrow();
  });

  it('believes no proxy about the client address unless TRUST_PROXY says which', () => {
    expect(loadConfig({}).api.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).api.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).api.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).api.trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('listens on loopback unless API_HOST (or HOST) says otherwise', () => {
    expect(loadConfig({}).api.host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).api.host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0', API_HOST: '10.0.0.5' }).api.host).toBe('10.0.0.5');
  });

  it('refuses to expose the API beyond loopback with the built-in development secret', () => {
    expect(() => assertSafeToExpose(loadConfig({}))).not.toThrow();
    expect(() => assertSafeToExpose(loadConfig({ API_HOST: '::1' }))).not.toThrow();
    expect(() => assertSafeToExpose(loadConfig({ API_HOST: '0.0.0.0' }))).toThrow(/AUTH_JWT_SECRET must be set/);
    expect(() =>
      assertSafeToExpose(loadConfig({ API_HOST: '0.0.0.0', AUTH_JWT_SECRET: 'a-real-secret-of-32-characters!!' })),
    ).not.toThrow();
  });

  it('turns introspection off in production unless told otherwise', () => {
    expect(loadConfig({}).limits.introspection).toBe(true);
    expect(
      loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32), DATA_ENCRYPTION_KEYS: PROD_KEYS }).limits
        .introspection,
    ).toBe(false);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        AUTH_JWT_SECRET: 'x'.repeat(32),
        DATA_ENCRYPTION_KEYS: PROD_KEYS,
        GRAPHQL_INTROSPECTION: 'true',
      }).limits.introspection,
    ).toBe(true);
  });

  it('reads rate limits as RATE/SECONDS[+BURST/SECONDS] or off', () => {
    const c = loadConfig({ RATE_LIMIT_MESSAGES: '3/10', RATE_LIMIT_TYPING: 'off' });
    expect(c.limits.rates.messages).toEqual({ points: 3, seconds: 10, burst: null });
    expect(c.limits.rates.typing).toBeNull();
    expect(c.limits.rates.conversations).toEqual({ points: 5, seconds: 30, burst: { points: 5, seconds: 60 } });
    expect(() => loadConfig({ RATE_LIMIT_STAFF: 'lots' })).toThrow(/RATE_LIMIT_STAFF must look like/);
    expect(parseRate('20/60+10/10')).toEqual({ points: 20, seconds: 60, burst: { points: 10, seconds: 10 } });
  });
});
