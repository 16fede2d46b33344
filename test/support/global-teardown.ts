import { rmSync } from 'node:fs';
import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const handles = (globalThis as Record<string, unknown>).__SUPPORT_TEST__ as
    | { temporal: { stop(): Promise<void> }; embedded?: { stop(): Promise<void> }; databaseUrl: string; dir: string }
    | undefined;
  if (!handles) return;
  await handles.temporal.stop();
  const admin = new URL(handles.databaseUrl);
  const dbName = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  try {
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  } finally {
    await client.end().catch(() => undefined);
  }
  await handles.embedded?.stop();
  rmSync(handles.dir, { recursive: true, force: true });
}
