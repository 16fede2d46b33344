import { loadConfig } from '../src/config';
import { TEST_DATA_KEYS as PROD_KEYS } from './support/stack';

describe('widget configuration', () => {
  it('reads CORS_ORIGINS as a list of origins and refuses anything that is not one', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:3000/' }).corsOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:3000',
    ]);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.com/path' })).toThrow(/CORS_ORIGINS entry/);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS entry "\*"/);
  });

  it('has a development widget secret, none in production unless WIDGET_IDENTITY_SECRET is set', () => {
    expect(loadConfig({}).widget.identitySecret).toEqual(expect.any(String));
    const prod = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32), DATA_ENCRYPTION_KEYS: PROD_KEYS };
    expect(loadConfig(prod).widget.identitySecret).toBeNull();
    expect(loadConfig({ ...prod, WIDGET_IDENTITY_SECRET: 'y'.repeat(32) }).widget.identitySecret).toBe('y'.repeat(32));
    expect(() => loadConfig({ WIDGET_IDENTITY_SECRET: 'short' })).toThrow(/WIDGET_IDENTITY_SECRET must be at least 16/);
    expect(loadConfig({}).widget.sessionTtlSeconds).toBe(900);
  });
});
