import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What global-setup provides to every test file (written to a file, read back here). Test files run in parallel
 * jest workers; each worker has its own database (a copy of the seeded one) and its own Temporal namespace, so
 * a test that publishes a policy or starts a singleton workflow never disturbs a file running beside it.
 */
export interface TestEnv {
  temporalAddress: string;
  /** This jest worker's database and namespace. */
  databaseUrl: string;
  namespace: string;
  jwtSecret: string;
  temporalCliPath: string;
}

/** What global-setup writes: one database and one namespace per jest worker. */
export interface TestRunEnv extends Omit<TestEnv, 'databaseUrl' | 'namespace'> {
  workers: Array<{ databaseUrl: string; namespace: string }>;
}

/** The namespace of jest worker n (1-based, as JEST_WORKER_ID counts). */
export const workerNamespace = (n: number) => `test-w${n}`;

/** One directory per test run, so two runs on one machine never share a server or a database. */
export function testRunDir(pid = process.pid): string {
  return path.resolve(__dirname, '..', '..', '.data', 'test', String(pid));
}

const ENV_VAR = 'SUPPORT_TEST_ENV_FILE';

export function publishTestEnv(file: string): void {
  process.env[ENV_VAR] = file;
}

function envFile(): string {
  const file = process.env[ENV_VAR];
  if (!file) throw new Error(`${ENV_VAR} is unset: run tests through jest (test/support/global-setup.ts)`);
  return file;
}

export function testEnv(): TestEnv {
  const { workers, ...run } = JSON.parse(readFileSync(envFile(), 'utf8')) as TestRunEnv;
  const n = Number(process.env.JEST_WORKER_ID ?? '1');
  const own = workers[n - 1];
  if (!own) throw new Error(`jest worker ${n} has no database: global-setup prepared ${workers.length}`);
  return { ...run, ...own };
}

/** A file in this test run's directory (beside env.json): what one test file builds, the next reuses. */
export function testRunFile(name: string): string {
  return path.join(path.dirname(envFile()), name);
}
