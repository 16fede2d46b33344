import { Client } from 'pg';
import { createDataSource } from './data-source';

/** Creates the database named in `url` when it does not exist yet (connecting to the `postgres` maintenance db). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const dbName = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(dbName)) throw new Error(`DATABASE_URL names an unusable database "${dbName}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${dbName}"`);
      } catch (err) {
        // Another replica created it between our check and our CREATE.
        if ((err as { code?: string }).code !== '42P04') throw err;
      }
    }
  } finally {
    await client.end();
  }
}

export async function migrate(url: string): Promise<string[]> {
  await ensureDatabase(url);
  const ds = createDataSource(url, { poolSize: 3, applicationName: 'support-migrate' });
  await ds.initialize();
  try {
    // Replicas starting together: an advisory lock makes one of them apply the migrations.
    // The lock lives on one dedicated session; migrations run on another connection of the pool.
    const lockSession = ds.createQueryRunner();
    await lockSession.connect();
    await lockSession.query('SELECT pg_advisory_lock(7233001)');
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await lockSession.query('SELECT pg_advisory_unlock(7233001)');
      await lockSession.release();
    }
  } finally {
    await ds.destroy();
  }
}
