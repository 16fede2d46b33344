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
  return {
    position: r?.position || null,
    estimatedWaitSeconds: estimate === null ? null : Math.round(Number(estimate)),
  };
}

export interface QueueDepth {
  byTier: Array<{ tier: string; waiting: number; overdue: number; oldestWaitSeconds: number }>;
  byPool: Array<{ pool: string; waiting: number }>;
}

/**
 * The whole queue at a glance, for monitoring: waiting conversations per customer tier (how many, how many past the
 * claim deadline, the longest current wait) and per agent pool that may claim them. Reads the status index only.
 */
export async function queueDepth(ds: DataSource): Promise<QueueDepth> {
  const [tiers, pools]: [
    Array<{ tier: string; waiting: number; overdue: number; oldest: number | null }>,
    Array<{ pool: string; waiting: number }>,
  ] = await Promise.all([
    ds.query(
      `SELECT COALESCE(tier, 'UNKNOWN') AS tier, count(*)::int AS waiting,
              count(*) FILTER (WHERE sla_deadline < now())::int AS overdue,
              max(extract(epoch FROM now()) - COALESCE((sla->>'startedAt')::double precision / 1000, extract(epoch FROM escalated_at))) AS oldest
         FROM conversations WHERE status = 'AWAITING_AGENT' GROUP BY 1`,
    ),
    ds.query(
      `SELECT pool, count(*)::int AS waiting FROM conversations, unnest(queue_pool) AS pool
        WHERE status = 'AWAITING_AGENT' GROUP BY 1`,
    ),
  ]);
  return {
    byTier: tiers.map((t) => ({
      tier: t.tier,
      waiting: t.waiting,
      overdue: t.overdue,
      oldestWaitSeconds: Math.max(0, Number(t.oldest ?? 0)),
    })),
    byPool: pools.map((p) => ({ pool: p.pool, waiting: p.waiting })),
  };
}
