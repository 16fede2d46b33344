import type { DataSource } from 'typeorm';
import { AGENT_STATUSES, AGENT_TIERS, type AgentStatus, type AgentTier } from '../../domain/vocabulary';
import type { Principal } from '../auth/jwt';
import { AgentEntity } from '../db/entities';
import { badInput, forbidden } from '../errors';
import { decodeCursor, type Page, pageOf, pageSize } from './pagination';

export interface AgentFilter {
  tier?: AgentTier | null;
  status?: AgentStatus | null;
  skill?: string | null;
}

/** Agents of any tier and admins: the support team. */
export const isStaff = (p: Principal) => p.role === 'agent' || p.role === 'admin';

export function requireStaff(p: Principal): void {
  if (!isStaff(p)) throw forbidden('this operation is for agents and admins');
}

/** The team directory: who to transfer to, who is online, who knows what. */
export class AgentsService {
  constructor(private readonly ds: DataSource) {}

  /** By name; `totalCount` counts every agent the filter matches, not only this page. */
  async list(
    principal: Principal,
    filter: AgentFilter,
    first?: number | null,
    after?: string | null,
  ): Promise<Page<AgentEntity> & { totalCount: number }> {
    requireStaff(principal);
    const limit = pageSize(first);
    if (filter.tier && !AGENT_TIERS.includes(filter.tier))
      throw badInput(`tier must be one of ${AGENT_TIERS.join(', ')}`);
    if (filter.status && !AGENT_STATUSES.includes(filter.status))
      throw badInput(`status must be one of ${AGENT_STATUSES.join(', ')}`);
    if (filter.skill !== undefined && filter.skill !== null && (filter.skill.length === 0 || filter.skill.length > 64))
      throw badInput('skill must be 1 to 64 characters');
    // Admins sign in to the console but take no conversations: they are not in the team directory.
    const qb = this.ds.getRepository(AgentEntity).createQueryBuilder('a').where("a.role = 'agent'");
    if (filter.tier) qb.andWhere('a.tier = :tier', { tier: filter.tier });
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.skill) qb.andWhere(':skill = ANY(a.skills)', { skill: filter.skill });
    const totalCount = await qb.clone().getCount();
    const cursor = decodeCursor(after, 2);
    if (cursor) qb.andWhere('(a.name, a.id) > (:name, :id)', { name: String(cursor[0]), id: String(cursor[1]) });
    const rows = await qb
      .orderBy('a.name', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(limit + 1)
      .getMany();
    return { ...pageOf(rows, limit, (a) => [a.name, a.id], cursor !== null), totalCount };
  }
}
