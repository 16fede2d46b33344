import type { Client as PgClient } from 'pg';

/**
 * The database is shared by the test files of a jest worker, and the conversations earlier files left waiting belong
 * to workflows whose worker has stopped: a claim of one waits for the call timeout (under the agent's row lock), so
 * auto-assignment's sweep of the waiting conversations (oldest first) would spend its time on them. A file that turns
 * auto-assignment on parks them as CLOSED for its duration and puts them back afterwards.
 */
export async function parkOthersWaiting(db: PgClient): Promise<() => Promise<void>> {
  const parked: string[] = (
    await db.query(`UPDATE conversations SET status = 'CLOSED' WHERE status = 'AWAITING_AGENT' RETURNING id`)
  ).rows.map((r) => r.id);
  return async () => {
    if (parked.length > 0)
      await db.query(`UPDATE conversations SET status = 'AWAITING_AGENT' WHERE id = ANY($1::uuid[])`, [parked]);
  };
}

export interface SavedAgent {
  id: string;
  status: string;
  capacity: number | null;
  last_assigned_at: Date | null;
}

/** Every agent's status, capacity and round-robin turn, to put back as they were (see restoreAgents). */
export async function saveAgents(db: PgClient): Promise<SavedAgent[]> {
  return (await db.query('SELECT id, status, capacity, last_assigned_at FROM agents')).rows;
}

export async function restoreAgents(db: PgClient, saved: SavedAgent[] | undefined): Promise<void> {
  for (const a of saved ?? [])
    await db.query('UPDATE agents SET status = $2, capacity = $3, last_assigned_at = $4 WHERE id = $1', [
      a.id,
      a.status,
      a.capacity,
      a.last_assigned_at,
    ]);
}
