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
  return toQueueInfo(rows[0]);
}

/**
 * queueInfo for many waiting conversations in one round trip (a page of conversations, or every open subscription
 * after the queue moved): the same place in line and estimate, each read with its own conversation's tier.
 */
export async function queueInfos(ds: DataSource, conversationIds: string[]): Promise<Map<string, QueueInfo>> {
  if (conversationIds.length === 0) return new Map();
  const rows: Array<{ id: string; position: number; median_wait: number | null; left: number | null }> = await ds.query(
    `WITH me AS (SELECT id, COALESCE(tier, 'FREE') AS tier, sla_deadline, queue_pool FROM conversations WHERE id = ANY($1::uuid[])),
          medians AS (SELECT tier, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM claimed_at - escalated_at)) AS median_wait
                        FROM conversations
                       WHERE claimed_at IS NOT NULL AND claimed_at > now() - interval '7 days' AND tier IN (SELECT tier FROM me)
                       GROUP BY tier)
     SELECT me.id,
            (SELECT count(*)::int FROM conversations c
              WHERE c.status = 'AWAITING_AGENT' AND c.sla_deadline <= me.sla_deadline AND c.queue_pool && me.queue_pool) AS position,
            medians.median_wait,
            extract(epoch FROM me.sla_deadline - now()) AS left
       FROM me LEFT JOIN medians ON medians.tier = me.tier`,
    [conversationIds],
  );
  return new Map(rows.map((r) => [r.id, toQueueInfo(r)]));
}

function toQueueInfo(r: { position: number; median_wait: number | null; left: number | null } | undefined): QueueInfo {
  const estimate = r?.median_wait ?? (r?.left !== null && r?.left !== undefined ? Math.max(0, Number(r.left)) : null);
  return {
    position: r?.position || null,
    // Rounded up: a wait is never promised shorter than measured (claims within a second are not "no wait").
    estimatedWaitSeconds: estimate === null ? null : Math.ceil(Number(estimate)),
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
