import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { CONVERSATION_STATUSES, ESCALATION_TRIGGERS, TIERS } from '../../domain/vocabulary';
import type { EscalationTrigger, Tier } from '../../domain/vocabulary';
import type { Principal } from '../auth/jwt';
import type { ConversationEntity } from '../db/entities';
import { badInput, forbidden } from '../errors';
import type { ConversationStatus } from '../../domain/conversation';

export type ConversationOrder = 'NEWEST' | 'SLA_DEADLINE';

export interface ConversationFilter {
  status?: ConversationStatus | null;
  customerId?: string | null;
  // Staff only:
  assignedToMe?: boolean | null;
  assigneeId?: string | null;
  unassigned?: boolean | null;
  statuses?: ConversationStatus[] | null;
  tier?: Tier | null;
  trigger?: EscalationTrigger | null;
  search?: string | null;
  orderBy?: ConversationOrder | null;
}

const STAFF_ONLY: Array<keyof ConversationFilter> = [
  'assignedToMe',
  'assigneeId',
  'unassigned',
  'statuses',
  'tier',
  'trigger',
  'search',
];
export const MAX_SEARCH_LENGTH = 200;
const OPEN = `c.status NOT IN ('RESOLVED', 'CLOSED')`;

/** The filter's problems, before any read: a customer using the team's filters, values outside the vocabularies. */
export function checkFilter(principal: Principal, f: ConversationFilter): void {
  if (principal.role === 'customer') {
    const used = STAFF_ONLY.filter((k) => f[k] !== undefined && f[k] !== null && f[k] !== false);
    if (f.orderBy === 'SLA_DEADLINE') used.push('orderBy');
    if (used.length > 0) throw forbidden(`filters for agents and admins only: ${used.join(', ')}`);
  }
  if (f.statuses?.some((s) => !CONVERSATION_STATUSES.includes(s))) throw badInput('statuses: unknown status');
  if (f.tier && !TIERS.includes(f.tier)) throw badInput(`tier must be one of ${TIERS.join(', ')}`);
  if (f.trigger && !ESCALATION_TRIGGERS.includes(f.trigger)) throw badInput('trigger: unknown escalation trigger');
  if (f.search && f.search.length > MAX_SEARCH_LENGTH)
    throw badInput(`search must be at most ${MAX_SEARCH_LENGTH} characters`);
  if (f.orderBy && f.orderBy !== 'NEWEST' && f.orderBy !== 'SLA_DEADLINE') throw badInput('orderBy: unknown order');
}

/** Applies a checked filter to a query over conversations `c`. */
export function applyFilter(
  qb: SelectQueryBuilder<ConversationEntity>,
  principal: Principal,
  f: ConversationFilter,
): SelectQueryBuilder<ConversationEntity> {
  if (principal.role === 'customer') qb.andWhere('c.customer_id = :me', { me: principal.sub });
  else if (f.customerId) qb.andWhere('c.customer_id = :cid', { cid: f.customerId });
  if (f.status) qb.andWhere('c.status = :status', { status: f.status });
  if (f.statuses?.length) qb.andWhere('c.status = ANY(:statuses)', { statuses: f.statuses });
  if (f.assignedToMe) qb.andWhere('c.assignee_id = :self', { self: principal.sub });
  if (f.assigneeId) qb.andWhere('c.assignee_id = :assignee', { assignee: f.assigneeId });
  if (f.unassigned) qb.andWhere(`c.status = 'AWAITING_AGENT' AND c.assignee_id IS NULL`);
  if (f.tier) qb.andWhere('c.tier = :tier', { tier: f.tier });
  if (f.trigger) qb.andWhere(`c.escalation ->> 'reason' = :trigger`, { trigger: f.trigger });
  const search = f.search?.trim();
  if (search) {
    // The same expressions as the GIN indexes of migration ConversationSearch1764810100000.
    qb.andWhere(
      `(c.id IN (SELECT m.conversation_id FROM messages m
                 WHERE to_tsvector('english', m.body) @@ websearch_to_tsquery('english', :search))
        OR c.customer_id IN (SELECT cu.id FROM customers cu
                 WHERE to_tsvector('simple', cu.name || ' ' || cu.email) @@ websearch_to_tsquery('simple', :search)))`,
      { search },
    );
  }
  return qb;
}

export interface ConversationCounts {
  mine: number;
  unassigned: number;
  awaitingAgent: number;
  agentActive: number;
  aiActive: number;
  byTier: Array<{ tier: Tier; count: number }>;
  byTrigger: Array<{ trigger: EscalationTrigger; count: number }>;
}

/** The inbox views' counts, over open conversations (not RESOLVED or CLOSED), in two reads. */
export async function conversationCounts(ds: DataSource, principal: Principal): Promise<ConversationCounts> {
  const [totals]: Array<Record<string, string>> = await ds.query(
    `SELECT count(*) FILTER (WHERE c.assignee_id = $1) AS mine,
            count(*) FILTER (WHERE c.status = 'AWAITING_AGENT' AND c.assignee_id IS NULL) AS unassigned,
            count(*) FILTER (WHERE c.status = 'AWAITING_AGENT') AS awaiting,
            count(*) FILTER (WHERE c.status = 'AGENT_ACTIVE') AS active,
            count(*) FILTER (WHERE c.status = 'AI_ACTIVE') AS ai
       FROM conversations c WHERE ${OPEN}`,
    [principal.sub],
  );
  const groups: Array<{ tier: string | null; trigger: string | null; by: string; n: string }> = await ds.query(
    `SELECT c.tier, c.escalation ->> 'reason' AS trigger, CASE WHEN GROUPING(c.tier) = 0 THEN 'tier' ELSE 'trigger' END AS by,
            count(*) AS n
       FROM conversations c WHERE ${OPEN}
      GROUP BY GROUPING SETS ((c.tier), (c.escalation ->> 'reason'))`,
  );
  const count = (by: 'tier' | 'trigger', v: string) => Number(groups.find((g) => g.by === by && g[by] === v)?.n ?? 0);
  return {
    mine: Number(totals.mine),
    unassigned: Number(totals.unassigned),
    awaitingAgent: Number(totals.awaiting),
    agentActive: Number(totals.active),
    aiActive: Number(totals.ai),
    byTier: TIERS.map((tier) => ({ tier, count: count('tier', tier) })),
    byTrigger: ESCALATION_TRIGGERS.map((trigger) => ({ trigger, count: count('trigger', trigger) })),
  };
}
