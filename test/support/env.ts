import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What global-setup provides to every test file (written to a file, read back here). */
export interface TestEnv {
  temporalAddress: string;
  databaseUrl: string;
  jwtSecret: string;
  temporalCliPath: string;
}

export const TEST_ENV_FILE = path.resolve(__dirname, '..', '..', '.data', 'test', 'env.json');

export function testEnv(): TestEnv {
  return JSON.parse(readFileSync(TEST_ENV_FILE, 'utf8')) as TestEnv;
}
