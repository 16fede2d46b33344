import type { DataSource } from 'typeorm';
import { ConversationEventReads } from '../db/events/event-reads';
import { badInput } from '../errors';

export interface Percentiles {
  p50: number | null;
  p90: number | null;
}

export interface SupportMetrics {
  conversations: number;
  aiResolved: number;
  aiResolutionRate: number;
  escalations: number;
  escalationRate: number;
  escalationsByTrigger: Array<{ trigger: string; count: number }>;
  timeToHumanSeconds: Percentiles;
  timeToClaimSeconds: Percentiles;
  slaSteps: Array<{ action: string; count: number }>;
  csatAiOnly: number | null;
  csatAfterEscalation: number | null;
  reopens: number;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 1000) / 1000);

/**
 * Support metrics per layer, computed in PostgreSQL from the conversations started in [from, to) and their audit
 * trail. aiResolutionRate = aiResolved / conversations; escalationRate = conversations that reached a person /
 * conversations; time-to-human = escalation → first claim; time-to-claim = every wait in the queue → its claim.
 */
export class MetricsService {
  private readonly events: ConversationEventReads;

  constructor(private readonly ds: DataSource) {
    this.events = new ConversationEventReads(ds);
  }

  async supportMetrics(from: Date, to: Date, tier?: string | null): Promise<SupportMetrics> {
    if (!(from < to)) throw badInput('from must be before to');
    const params = [from.toISOString(), to.toISOString(), tier ?? null];
    const scope = `c.created_at >= $1 AND c.created_at < $2 AND ($3::text IS NULL OR c.tier = $3)`;
    const [base] = await this.ds.query(
      `SELECT count(*)::int AS conversations,
              count(*) FILTER (WHERE c.resolved_by = 'AI' AND c.escalated_at IS NULL)::int AS ai_resolved,
              count(*) FILTER (WHERE c.escalated_at IS NOT NULL)::int AS escalations,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.claimed_at - c.escalated_at)) AS tth_p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM c.claimed_at - c.escalated_at)) AS tth_p90
       FROM conversations c WHERE ${scope}`,
      params,
    );
    const byTrigger: Array<{ trigger: string; count: number }> = await this.ds.query(
      `SELECT c.escalation->>'reason' AS trigger, count(*)::int AS count FROM conversations c
       WHERE ${scope} AND c.escalated_at IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1`,
      params,
    );
    const window = { from: from.toISOString(), to: to.toISOString(), tier: tier ?? null };
    const [claims, steps, reopens] = await Promise.all([
      this.events.claimWaitSeconds(window),
      this.events.slaStepCounts(window),
      this.events.reopenCount(window),
    ]);
    const [csat] = await this.ds.query(
      `SELECT avg(r.score) FILTER (WHERE NOT r.escalated) AS ai_only, avg(r.score) FILTER (WHERE r.escalated) AS escalated
       FROM conversations c JOIN conversation_ratings r ON r.conversation_id = c.id WHERE ${scope}`,
      params,
    );
    const n = base.conversations as number;
    return {
      conversations: n,
      aiResolved: base.ai_resolved,
      aiResolutionRate: n ? base.ai_resolved / n : 0,
      escalations: base.escalations,
      escalationRate: n ? base.escalations / n : 0,
      escalationsByTrigger: byTrigger,
      timeToHumanSeconds: { p50: num(base.tth_p50), p90: num(base.tth_p90) },
      timeToClaimSeconds: { p50: num(claims.p50), p90: num(claims.p90) },
      slaSteps: steps,
      csatAiOnly: num(csat.ai_only),
      csatAfterEscalation: num(csat.escalated),
      reopens,
    };
  }
}
