import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/db/data-source';
import { isDatabaseUnavailable } from '../src/db/unavailable';
import { testEnv } from './support/env';

/**
 * A transaction whose connection PostgreSQL drops while it waits on something else (a claim holds an agent's row
 * lock across the workflow's Update; found by the chaos suite's PostgreSQL cut): the driver releases the connection
 * on its error event, and the transaction's next query fails with TypeORM's "already released" error. That is an
 * outage (the caller hears UNAVAILABLE and resends), not an internal error.
 */
let ds: DataSource;
let admin: Client;

beforeAll(async () => {
  ds = createDataSource(testEnv().databaseUrl, { poolSize: 4, applicationName: 'test-connection-lost' });
  await ds.initialize();
  admin = new Client({ connectionString: testEnv().databaseUrl });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await ds?.destroy();
});

it('says a transaction whose connection was dropped between two queries met an outage', async () => {
  const failure = await ds
    .transaction(async (m) => {
      const [{ pid }]: Array<{ pid: number }> = await m.query('SELECT pg_backend_pid() AS pid');
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      // The driver hears the dropped connection and releases it before the transaction's next query.
      await new Promise((r) => setTimeout(r, 200));
      await m.query('SELECT 1');
    })
    .then(
      () => undefined,
      (err: unknown) => err,
    );
  expect(failure).toBeInstanceOf(Error);
  expect({ name: (failure as Error).name, unavailable: isDatabaseUnavailable(failure) }).toEqual({
    name: 'QueryRunnerProviderAlreadyReleasedError',
    unavailable: true,
  });
  // The pool replaced the dropped connection: the next request works.
  expect(await ds.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
});
