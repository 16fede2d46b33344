import type { DataSource, EntityManager } from 'typeorm';
import { ConversationStatus } from '../../domain/conversation';
import type { Principal } from '../auth/jwt';
import { AgentEntity, ConversationEntity, MessageEntity } from '../db/entities';
import { supervisorProblem, transferProblem, type TransferTier } from '../../domain/conversation-rules';
import { AppError, badInput, ErrorCode, forbidden, notFound } from '../errors';
import type { ConversationGateway } from '../temporal/conversation-gateway';
import type { AgentAvailability } from './agent-availability';
import type { ConversationsService } from './conversations.service';
import { decodeCursor, type Page, pageOf, pageSize } from './pagination';

/** How long a claim waits for a workflow that is behind its read model (a worker redoing a lost task), and how often it asks. */
const CATCH_UP_MS = 15_000;
const CATCH_UP_POLL_MS = 250;

/** Conversations an agent works now (assigned and not resolved), other than `except`. */
export async function openConversationCount(
  m: Pick<EntityManager, 'query'>,
  agentId: string,
  except: string | null = null,
): Promise<number> {
  const [r]: Array<{ n: number }> = await m.query(
    `SELECT count(*)::int AS n FROM conversations
      WHERE assignee_id = $1 AND status = 'AGENT_ACTIVE' AND ($2::text IS NULL OR id::text <> $2)`,
    [agentId, except],
  );
  return r.n;
}

export const AGENT_STATUSES = ['ONLINE', 'AWAY', 'OFFLINE'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** What agents do: read their queue, claim, reply, release, transfer, resolve, set their status. */
export class AgentDeskService {
  constructor(
    private readonly ds: DataSource,
    private readonly temporal: ConversationGateway,
    private readonly conversations: ConversationsService,
    private readonly availability?: AgentAvailability,
  ) {}

  async agentOf(principal: Principal): Promise<AgentEntity> {
    if (principal.role !== 'agent') throw forbidden('this operation is for agents');
    const agent = await this.ds.getRepository(AgentEntity).findOneBy({ id: principal.sub });
    if (!agent) throw forbidden('this token names no known agent');
    return agent;
  }

  /** The pool tokens an agent belongs to: their tier, and ONCALL while on call. */
  static poolTokens(agent: Pick<AgentEntity, 'tier' | 'onCall'>): string[] {
    return agent.onCall ? [agent.tier, 'ONCALL'] : [agent.tier];
  }

  static eligible(
    agent: AgentEntity,
    c: Pick<ConversationEntity, 'status' | 'queuePool' | 'preferredAgentId'>,
  ): boolean {
    if (c.status !== ConversationStatus.AWAITING_AGENT) return false;
    return c.preferredAgentId === agent.id || AgentDeskService.poolTokens(agent).some((t) => c.queuePool.includes(t));
  }

  /** Conversations this agent may take now: returning ones first, then raised priority, matching skills, deadline. */
  async queue(principal: Principal, first?: number | null, after?: string | null): Promise<Page<ConversationEntity>> {
    const agent = await this.agentOf(principal);
    const limit = pageSize(first);
    const offset = Number(decodeCursor(after, 1)?.[0] ?? 0);
    const rows = await this.ds
      .getRepository(ConversationEntity)
      .createQueryBuilder('c')
      .where(`c.status = 'AWAITING_AGENT'`)
      .andWhere('(c.queue_pool && :tokens OR c.preferred_agent_id = :me)', {
        tokens: AgentDeskService.poolTokens(agent),
        me: agent.id,
      })
      .orderBy(`(c.preferred_agent_id IS NOT DISTINCT FROM :me)`, 'DESC')
      .addOrderBy('c.priority', 'DESC')
      .addOrderBy('(c.skills_wanted && :skills)', 'DESC')
      .addOrderBy('c.sla_deadline', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .setParameters({ me: agent.id, skills: agent.skills })
      .offset(offset)
      .limit(limit + 1)
      .getMany();
    return pageOf(rows, limit, (_c, i) => [offset + i + 1], offset > 0);
  }

  /**
   * One winner; the others get CONFLICT naming who won ("Already claimed by Nina Patel"). An agent at their capacity
   * is refused (CONFLICT, reason AT_CAPACITY): their row is locked (SELECT … FOR NO KEY UPDATE) while their open
   * conversations are counted and the workflow records the claim, so one agent's concurrent claims queue up on the
   * lock and each counts the ones before it.
   */
  async claim(principal: Principal, conversationId: string): Promise<ConversationEntity> {
    const agent = await this.agentOf(principal);
    const c = await this.conversations.getConversation(principal, conversationId);
    await this.claimFor(agent, c.id);
    return (await this.conversations.conversationById(conversationId))!;
  }

  /**
   * The claim itself, for a caller already checked (an agent's own claim, or auto-assignment choosing the agent):
   * the capacity check under the agent's row lock, the workflow's claim Update, and the agent's turn in the round
   * robin (last_assigned_at) moved in the same transaction. `auto`: the policy's auto-assignment chose the agent; the
   * recorded claim says so (and the agent's notification).
   */
  async claimFor(
    agent: Pick<AgentEntity, 'id' | 'tier' | 'onCall'>,
    conversationId: string,
    { auto = false }: { auto?: boolean } = {},
  ): Promise<void> {
    const until = Date.now() + CATCH_UP_MS;
    for (;;) {
      try {
        return await this.claimOnce(agent, conversationId, auto);
      } catch (err) {
        if (Date.now() > until || !(await this.workflowBehind(err, conversationId))) throw err;
        await new Promise((r) => setTimeout(r, CATCH_UP_POLL_MS));
      }
    }
  }

  /**
   * The read model says the conversation waits while its workflow says it does not yet: a worker died after the
   * workflow task that queued it wrote its rows (local activities) but before the task completed, and another worker
   * is redoing that task from the history. The agent saw it waiting; the claim waits for the workflow to catch up.
   */
  private async workflowBehind(err: unknown, conversationId: string): Promise<boolean> {
    if (!(err instanceof AppError) || err.code !== ErrorCode.CONFLICT || !err.details?.status) return false;
    const [row]: Array<{ status: string }> = await this.ds.query('SELECT status FROM conversations WHERE id = $1', [
      conversationId,
    ]);
    return row?.status === ConversationStatus.AWAITING_AGENT && err.details.status !== row.status;
  }

  private async claimOnce(
    agent: Pick<AgentEntity, 'id' | 'tier' | 'onCall'>,
    conversationId: string,
    auto: boolean,
  ): Promise<void> {
    await this.ds.transaction(async (m) => {
      const [row]: Array<{ capacity: number | null }> = await m.query(
        // NO KEY UPDATE: it serialises this agent's claims like FOR UPDATE, but lets the workflow's write of the
        // conversation (whose assignee_id references this row: a KEY SHARE lock) through while we wait for it.
        'SELECT capacity FROM agents WHERE id = $1 FOR NO KEY UPDATE',
        [agent.id],
      );
      if (row && row.capacity !== null) {
        // The conversation itself does not count: the winner's retried claim answers the same success.
        const open = await openConversationCount(m, agent.id, conversationId);
        if (open >= row.capacity) {
          throw new AppError(
            ErrorCode.CONFLICT,
            `You are at your capacity (${row.capacity} open conversations): resolve, release or transfer one first`,
            'AT_CAPACITY',
            { capacity: row.capacity, open },
          );
        }
      }
      await this.temporal
        .claim({
          conversationId,
          agentId: agent.id,
          agentTier: agent.tier,
          onCall: agent.onCall,
          ...(auto && { auto }),
        })
        .catch((err: unknown) => this.nameTheHolder(err));
      await m.query('UPDATE agents SET last_assigned_at = now() WHERE id = $1', [agent.id]);
    });
  }

  /** The workflow knows who holds a claim by id; the console shows the loser their name ("Already claimed by …"). */
  private async nameTheHolder(err: unknown): Promise<never> {
    const holder = err instanceof AppError && err.code === ErrorCode.CONFLICT ? err.details?.claimedBy : undefined;
    if (typeof holder !== 'string') throw err;
    const name = (await this.ds.getRepository(AgentEntity).findOneBy({ id: holder }))?.name ?? holder;
    throw new AppError(ErrorCode.CONFLICT, `Already claimed by ${name}`, 'ALREADY_CLAIMED', {
      claimedBy: holder,
      claimedByName: name,
    });
  }

  /** LEAD agents (and admins who are also agents) become the assignee of a waiting or another agent's conversation. */
  async takeOver(principal: Principal, conversationId: string): Promise<ConversationEntity> {
    const actor = await this.supervisor(principal);
    // The assignee is an agent: an admin takes over through the agent record their token names.
    const agent = actor.agent;
    if (!agent) throw forbidden('an admin takes over as an agent: sign in with an agent account');
    const c = await this.conversations.getConversation(principal, conversationId);
    await this.temporal.takeOver({ conversationId: c.id, agentId: agent.id, ...actor.ref });
    return (await this.conversations.conversationById(conversationId))!;
  }

  /** LEAD agents and admins give an open conversation to a named agent. */
  async reassign(principal: Principal, conversationId: string, toAgentId: string): Promise<ConversationEntity> {
    const actor = await this.supervisor(principal);
    if (!toAgentId) throw badInput('toAgentId is required');
    if (!(await this.ds.getRepository(AgentEntity).findOneBy({ id: toAgentId }))) throw notFound('agent');
    const c = await this.conversations.getConversation(principal, conversationId);
    await this.temporal.reassign({ conversationId: c.id, toAgentId, ...actor.ref });
    return (await this.conversations.conversationById(conversationId))!;
  }

  /** LEAD agents and admins, refused before any read of the conversation (the workflow's validator checks again). */
  private async supervisor(principal: Principal) {
    const agent =
      principal.role === 'agent' || principal.role === 'admin'
        ? await this.ds.getRepository(AgentEntity).findOneBy({ id: principal.sub })
        : null;
    if (principal.role === 'agent' && !agent) throw forbidden('this token names no known agent');
    const ref = {
      actorId: principal.sub,
      actorRole: principal.role as 'agent' | 'admin',
      actorTier: principal.role === 'agent' ? agent!.tier : null,
    };
    const problem = supervisorProblem({ role: principal.role, tier: ref.actorTier });
    if (problem) throw forbidden(problem);
    return { agent, ref };
  }

  async reply(
    principal: Principal,
    conversationId: string,
    body: string,
    clientMessageId: string,
  ): Promise<MessageEntity> {
    const agent = await this.agentOf(principal);
    const c = await this.conversations.getConversation(principal, conversationId);
    const stored = await this.temporal.sendAgentMessage({
      conversationId: c.id,
      agentId: agent.id,
      body,
      clientMessageId,
    });
    const m = await this.conversations.messageById(stored.messageId);
    if (!m) throw new AppError(ErrorCode.INTERNAL, 'stored message could not be read back');
    return m;
  }

  async release(principal: Principal, conversationId: string, reason: string): Promise<ConversationEntity> {
    const agent = await this.agentOf(principal);
    const c = await this.conversations.getConversation(principal, conversationId);
    await this.temporal.release({ conversationId: c.id, agentId: agent.id, reason });
    return (await this.conversations.conversationById(conversationId))!;
  }

  async transfer(
    principal: Principal,
    conversationId: string,
    to: { toAgentId?: string | null; toTier?: string | null; reason: string },
  ): Promise<ConversationEntity> {
    const agent = await this.agentOf(principal);
    // The workflow's validator decides (it sees the live state); refused here only to spare the agent lookup below.
    const problem = transferProblem({ agentId: agent.id, ...to });
    if (problem) throw badInput(problem);
    if (to.toAgentId) {
      const target = await this.ds.getRepository(AgentEntity).findOneBy({ id: to.toAgentId });
      if (!target) throw notFound('agent');
      // They could not answer it: every request of theirs is refused while an admin has them disabled.
      if (target.disabledAt) throw badInput(`agent ${to.toAgentId} is disabled`);
    }
    const c = await this.conversations.getConversation(principal, conversationId);
    await this.temporal.transfer({
      conversationId: c.id,
      agentId: agent.id,
      toAgentId: to.toAgentId ?? null,
      toTier: (to.toTier as TransferTier | null) ?? null,
      reason: to.reason,
    });
    return (await this.conversations.conversationById(conversationId))!;
  }

  async resolve(
    principal: Principal,
    conversationId: string,
    r: { summary: string; category?: string | null; kbWorthy?: boolean | null },
  ): Promise<ConversationEntity> {
    const agent = await this.agentOf(principal);
    if (!r.summary?.trim()) throw badInput('a resolution summary is required');
    const c = await this.conversations.getConversation(principal, conversationId);
    await this.temporal.resolve({
      conversationId: c.id,
      agentId: agent.id,
      summary: r.summary,
      category: r.category ?? null,
      kbWorthy: r.kbWorthy ?? false,
    });
    return (await this.conversations.conversationById(conversationId))!;
  }

  async setStatus(principal: Principal, status: AgentStatus): Promise<AgentEntity> {
    const agent = await this.agentOf(principal);
    if (!AGENT_STATUSES.includes(status)) throw badInput(`status must be one of ${AGENT_STATUSES.join(', ')}`);
    await this.ds.getRepository(AgentEntity).update({ id: agent.id }, { status });
    // Back online: what waited while they were away may be handed to them (auto-assignment).
    if (status === 'ONLINE') this.availability?.changed(agent.id, 'online');
    return { ...agent, status };
  }

  /** Conversations each agent works now (what their capacity counts), in one read; 0 for agents with none. */
  async openCounts(agentIds: readonly string[]): Promise<number[]> {
    const rows: Array<{ id: string; n: number }> = await this.ds.query(
      `SELECT assignee_id AS id, count(*)::int AS n FROM conversations
        WHERE assignee_id = ANY($1::text[]) AND status = 'AGENT_ACTIVE' GROUP BY assignee_id`,
      [[...agentIds]],
    );
    const byId = new Map(rows.map((r) => [r.id, r.n]));
    return agentIds.map((id) => byId.get(id) ?? 0);
  }

  agentsByIds(ids: string[]): Promise<AgentEntity[]> {
    return ids.length
      ? this.ds.getRepository(AgentEntity).createQueryBuilder('a').where('a.id = ANY(:ids)', { ids }).getMany()
      : Promise.resolve([]);
  }
}
