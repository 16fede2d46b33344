import { rmSync } from 'node:fs';
import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const handles = (globalThis as Record<string, unknown>).__SUPPORT_TEST__ as
    | {
        temporal: { stop(): Promise<void> };
        embedded?: { stop(): Promise<void> };
        databaseUrls: string[];
        dir: string;
      }
    | undefined;
  if (!handles) return;
  await handles.temporal.stop();
  const admin = new URL(handles.databaseUrls[0]);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  try {
    await client.connect();
    for (const url of handles.databaseUrls) {
      await client.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  await handles.embedded?.stop();
  rmSync(handles.dir, { recursive: true, force: true });
}
