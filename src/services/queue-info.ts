import type { DataSource } from 'typeorm';

export interface QueueInfo {
  position: number | null;
  estimatedWaitSeconds: number | null;
}

/**
 * Place in line among waiting conversations the same agents could take, and a wait estimate: the median
 * time-to-claim of the tier over the last week, else the time left to the conversation's claim deadline.
 */
export async function queueInfo(ds: DataSource, conversationId: string, tier: string): Promise<QueueInfo> {
  const rows: Array<{ position: number; median_wait: number | null; left: number | null }> = await ds.query(
    `WITH me AS (SELECT sla_deadline, queue_pool FROM conversations WHERE id = $1)
     SELECT (SELECT count(*)::int FROM conversations c, me
              WHERE c.status = 'AWAITING_AGENT' AND c.sla_deadline <= me.sla_deadline AND c.queue_pool && me.queue_pool) AS position,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM claimed_at - escalated_at))
               FROM conversations WHERE tier = $2 AND claimed_at IS NOT NULL AND claimed_at > now() - interval '7 days') AS median_wait,
            (SELECT extract(epoch FROM sla_deadline - now()) FROM me) AS left`,
    [conversationId, tier],
  );
  const r = rows[0];
  const estimate = r?.median_wait ?? (r?.left !== null && r?.left !== undefined ? Math.max(0, Number(r.left)) : null);
  return { position: r?.position || null, estimatedWaitSeconds: estimate === null ? null : Math.round(Number(estimate)) };
}
