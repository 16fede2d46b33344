import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import 'reflect-metadata';
import { createDataSource } from '../../src/db/data-source';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { freePort, portAnswers } from '../../src/net';
import { migrate } from '../../src/db/ensure-database';
import { defaultSeedDir, seedDemoData } from '../../src/services/seed';
import { provisionTemporalCli, startDevServer } from '../../src/temporal/dev-server';
import { Client as PgClient } from 'pg';
import { publishTestEnv, testRunDir, workerNamespace, type TestRunEnv } from './env';

/**
 * The real components every test runs against: a Temporal CLI dev server (fresh SQLite file per run) and a
 * PostgreSQL database created, migrated and seeded for this run (the local server, else an embedded one), copied
 * once per jest worker, with one Temporal namespace per worker.
 */
export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  const workers = Math.max(1, globalConfig.maxWorkers);
  const namespaces = Array.from({ length: workers }, (_, i) => workerNamespace(i + 1));
  const dir = testRunDir();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const cliPath = provisionTemporalCli(process.env.TEMPORAL_CLI_PATH);
  const temporal = await startDevServer({
    cliPath,
    port: await freePort(),
    dbFile: path.join(dir, 'temporal.db'),
    headless: true,
    namespaces,
  });

  let baseUrl = process.env.TEST_DATABASE_URL;
  let embedded: { stop(): Promise<void> } | undefined;
  if (!baseUrl) {
    if (await portAnswers(5432)) baseUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
    else {
      const db = await startEmbeddedPostgres(dir, await freePort());
      embedded = db;
      baseUrl = db.url;
    }
  }
  const url = new URL(baseUrl);
  url.pathname = `/support_test_${process.pid}`;
  const databaseUrl = url.toString();
  await migrate(databaseUrl);
  const ds = createDataSource(databaseUrl, { poolSize: 2 });
  await ds.initialize();
  await seedDemoData(ds, defaultSeedDir());
  await ds.destroy();
  const workerDatabases = await copyDatabase(databaseUrl, workers);

  const env: TestRunEnv = {
    temporalAddress: temporal.address,
    workers: workerDatabases.map((url, i) => ({ databaseUrl: url, namespace: namespaces[i] })),
    jwtSecret: 'test-secret-0123456789abcdef',
    temporalCliPath: cliPath,
  };
  const envFile = path.join(dir, 'env.json');
  writeFileSync(envFile, JSON.stringify(env));
  publishTestEnv(envFile);
  (globalThis as Record<string, unknown>).__SUPPORT_TEST__ = {
    temporal,
    embedded,
    databaseUrls: [databaseUrl, ...workerDatabases],
    dir,
  };
}

/** Copies of the seeded database, one per worker (CREATE DATABASE … TEMPLATE copies files: fast). */
async function copyDatabase(templateUrl: string, count: number): Promise<string[]> {
  const template = new URL(templateUrl);
  const templateName = template.pathname.slice(1);
  const admin = new URL(templateUrl);
  admin.pathname = '/postgres';
  const client = new PgClient({ connectionString: admin.toString() });
  await client.connect();
  try {
    const urls: string[] = [];
    for (let i = 1; i <= count; i++) {
      const name = `${templateName}_w${i}`;
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
      const url = new URL(templateUrl);
      url.pathname = `/${name}`;
      urls.push(url.toString());
    }
    return urls;
  } finally {
    await client.end();
  }
}
