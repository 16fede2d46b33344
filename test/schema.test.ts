import { readFileSync } from 'node:fs';
import path from 'node:path';
import { auditServer } from 'graphql-http';
import { buildSupportSchema } from '../schema/build-schema';
import { printSupportSchema } from '../schema/print';
import { startProcess, token } from './support/stack';

it('the committed schema/schema.graphql matches the resolvers (run `npm run schema:emit` after a change)', async () => {
  const committed = readFileSync(path.join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8');
  expect(printSupportSchema(await buildSupportSchema())).toBe(committed);
});

describe('GraphQL over HTTP', () => {
  let api: Awaited<ReturnType<typeof startProcess>>;
  beforeAll(async () => {
    api = await startProcess('api', {});
  });
  afterAll(async () => api?.stop());

  it('passes every MUST item of the graphql-http audit for an authenticated caller', async () => {
    const auth = `Bearer ${token('customer', 'cus-01')}`;
    const results = await auditServer({
      url: `http://127.0.0.1:${api.port}/graphql`,
      fetchFn: (input: string | URL | Request, init?: RequestInit) =>
        fetch(input, {
          ...init,
          headers: { ...Object.fromEntries(new Headers(init?.headers).entries()), authorization: auth },
        }),
    });
    const mustFailures = results.filter((r) => r.id && r.name.startsWith('MUST') && r.status !== 'ok');
    expect(mustFailures.map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
    expect(results.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThan(5);
  });

  it('honours application/graphql-response+json', async () => {
    const res = await fetch(`http://127.0.0.1:${api.port}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        authorization: `Bearer ${token('customer', 'cus-01')}`,
      },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(await res.json()).toEqual({ data: { me: { id: 'cus-01' } } });
  });

  it('reports health of PostgreSQL and Temporal', async () => {
    const res = await fetch(`http://127.0.0.1:${api.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, postgres: 'ok', temporal: 'ok' });
  });
});
