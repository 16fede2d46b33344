import type { DataSource } from 'typeorm';
import { ConversationStatus } from '../../domain/conversation';
import type { ConversationEntity } from '../db/entities';
import { AppError, ErrorCode } from '../errors';
import { logger } from '../logger';
import type { AgentDeskService } from './agent-desk.service';
import type { PolicyService } from './policy.service';

const log = logger('auto-assign');

interface Candidate {
  id: string;
  tier: string;
  onCall: boolean;
}

/**
 * The escalation policy's optional auto-assignment: a conversation waiting for an agent is handed to an ONLINE agent
 * of its pool (tier, or on call) with every skill it wants and free capacity, the one longest since their last
 * assignment first (round robin on agents.last_assigned_at). The hand-over is the agent's own claim path (the row
 * lock and capacity check, then the workflow's claim Update), so Temporal's history records it like any claim; an
 * agent found at capacity under the lock is passed over for the next.
 */
export class AutoAssignService {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly ds: DataSource,
    private readonly policies: Pick<PolicyService, 'current'>,
    private readonly desk: Pick<AgentDeskService, 'claimFor'>,
  ) {}

  /** For the queue listener: never throws, and one attempt per conversation at a time. */
  onQueueMove(c: Pick<ConversationEntity, 'id' | 'status'>): void {
    if (c.status !== ConversationStatus.AWAITING_AGENT || this.inFlight.has(c.id)) return;
    this.inFlight.add(c.id);
    this.assign(c.id)
      .catch((err: unknown) => log.error('auto-assignment failed', { conversationId: c.id, error: String(err) }))
      .finally(() => this.inFlight.delete(c.id));
  }

  /** The agent the conversation was handed to, or null (policy off, nobody free, already taken). */
  async assign(conversationId: string): Promise<string | null> {
    const policy = await this.policies.current();
    if (!policy.document.autoAssign?.enabled) return null;
    for (const agent of await this.candidates(conversationId)) {
      try {
        await this.desk.claimFor(agent, conversationId);
        log.info('auto-assigned', { conversationId, agentId: agent.id });
        return agent.id;
      } catch (err) {
        // At capacity by the time their row was locked: the next agent's turn. Anything else (already claimed,
        // no longer waiting) ends the attempt.
        if (err instanceof AppError && err.code === ErrorCode.CONFLICT && err.reason === 'AT_CAPACITY') continue;
        if (err instanceof AppError) return null;
        throw err;
      }
    }
    return null;
  }

  /** Online agents who may take it, with the skills it wants and (by a first, unlocked count) free capacity. */
  private async candidates(conversationId: string): Promise<Candidate[]> {
    return this.ds.query(
      `SELECT a.id, a.tier, a.on_call AS "onCall" FROM conversations c
         JOIN agents a ON a.status = 'ONLINE' AND a.disabled_at IS NULL
          AND (c.preferred_agent_id = a.id
               OR c.queue_pool && (CASE WHEN a.on_call THEN ARRAY[a.tier::text, 'ONCALL'] ELSE ARRAY[a.tier::text] END))
          AND a.skills @> c.skills_wanted
          AND (a.capacity IS NULL OR a.capacity > (SELECT count(*) FROM conversations o
                WHERE o.assignee_id = a.id AND o.status = 'AGENT_ACTIVE'))
        WHERE c.id = $1 AND c.status = 'AWAITING_AGENT'
        ORDER BY (c.preferred_agent_id IS NOT DISTINCT FROM a.id) DESC, a.last_assigned_at ASC NULLS FIRST, a.id`,
      [conversationId],
    );
  }
}
