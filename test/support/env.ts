import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What global-setup provides to every test file (written to a file, read back here). */
export interface TestEnv {
  temporalAddress: string;
  databaseUrl: string;
  jwtSecret: string;
  temporalCliPath: string;
}

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
  return JSON.parse(readFileSync(envFile(), 'utf8')) as TestEnv;
}

/** A file in this test run's directory (beside env.json): what one test file builds, the next reuses. */
export function testRunFile(name: string): string {
  return path.join(path.dirname(envFile()), name);
}
