import type { DataSource } from 'typeorm';
import type { Principal } from '../auth/jwt';
import { AgentEntity } from '../db/entities';
import { AGENT_ACCESS_CHANNEL } from '../events/agent-access';
import { AppError, badInput, ErrorCode, forbidden, notFound } from '../errors';

/** `extensions.reason` of a disabled agent's refused request. */
export const AGENT_DISABLED = 'AGENT_DISABLED';

export const agentDisabled = (agentId: string) =>
  new AppError(ErrorCode.FORBIDDEN, `agent ${agentId} is disabled; ask an admin to enable the account`, AGENT_DISABLED);

/** Admins disable and enable agents; every request of an agent is checked against it on both transports. */
export class AgentAccessService {
  constructor(private readonly ds: DataSource) {}

  /** The refusal for a disabled agent's request, or null (customers, admins and enabled agents pass). */
  async refusal(principal: Principal | null): Promise<AppError | null> {
    // Admins signed in through the console are agent rows too (role 'admin'); token-only admins have no row.
    if (principal?.role !== 'agent' && principal?.role !== 'admin') return null;
    const rows: Array<{ disabled_at: Date | null }> = await this.ds.query(
      'SELECT disabled_at FROM agents WHERE id = $1',
      [principal.sub],
    );
    return rows[0]?.disabled_at ? agentDisabled(principal.sub) : null;
  }

  // UPDATE through a CTE: TypeORM answers a bare UPDATE with [rows, count], a SELECT with its rows.
  /** Sets disabled_at (kept as first set on a repeat) and tells every API replica in the same transaction. */
  async disable(admin: Principal, agentId: string): Promise<AgentEntity> {
    if (admin.role !== 'admin') throw forbidden('only admins disable agents');
    await this.ds.transaction(async (m) => {
      const updated: unknown[] = await m.query(
        `WITH u AS (UPDATE agents SET disabled_at = COALESCE(disabled_at, now()), disabled_by = COALESCE(disabled_by, $2)
         WHERE id = $1 RETURNING id) SELECT id FROM u`,
        [agentId, admin.sub],
      );
      if (updated.length === 0) throw notFound('agent');
      await m.query('SELECT pg_notify($1, $2)', [AGENT_ACCESS_CHANNEL, agentId]);
    });
    return this.agent(agentId);
  }

  async enable(admin: Principal, agentId: string): Promise<AgentEntity> {
    if (admin.role !== 'admin') throw forbidden('only admins enable agents');
    const updated: unknown[] = await this.ds.query(
      'WITH u AS (UPDATE agents SET disabled_at = NULL, disabled_by = NULL WHERE id = $1 RETURNING id) SELECT id FROM u',
      [agentId],
    );
    if (updated.length === 0) throw notFound('agent');
    return this.agent(agentId);
  }

  /** How many conversations the agent works at once; null removes the limit. Open ones above it stay theirs. */
  async setCapacity(admin: Principal, agentId: string, capacity: number | null): Promise<AgentEntity> {
    if (admin.role !== 'admin') throw forbidden("only admins set an agent's capacity");
    if (capacity !== null && (!Number.isInteger(capacity) || capacity < 0 || capacity > 100))
      throw badInput('capacity must be a whole number from 0 to 100, or null for no limit');
    const updated: unknown[] = await this.ds.query(
      'WITH u AS (UPDATE agents SET capacity = $2 WHERE id = $1 RETURNING id) SELECT id FROM u',
      [agentId, capacity],
    );
    if (updated.length === 0) throw notFound('agent');
    return this.agent(agentId);
  }

  private async agent(id: string): Promise<AgentEntity> {
    const a = await this.ds.getRepository(AgentEntity).findOneBy({ id });
    if (!a) throw notFound('agent');
    return a;
  }
}
