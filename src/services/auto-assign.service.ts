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

/** Recorded conversation events after which its agent holds one conversation fewer: a slot is free. */
const FREES_A_SLOT = new Set([
  'released',
  'transferred',
  'claim_lease_expired',
  'resolved',
  'conversation_closed',
  'taken_over',
  'reassigned',
  'owner_changed',
]);

/** `a` (an agent) may take `c` (a conversation): online, enabled, in its pool, every skill it wants, a free slot. */
const MAY_TAKE = `a.status = 'ONLINE' AND a.disabled_at IS NULL
  AND (c.preferred_agent_id = a.id
       OR c.queue_pool && (CASE WHEN a.on_call THEN ARRAY[a.tier::text, 'ONCALL'] ELSE ARRAY[a.tier::text] END))
  AND a.skills @> c.skills_wanted
  AND (a.capacity IS NULL OR a.capacity > (SELECT count(*) FROM conversations o
        WHERE o.assignee_id = a.id AND o.status = 'AGENT_ACTIVE'))`;

/** At most this many waiting conversations are offered per sweep; the next sweep takes the rest. */
const SWEEP_BATCH = 100;
/** Events closer together than this cost one sweep. */
const SWEEP_DEBOUNCE_MS = 200;

export interface AutoAssignOptions {
  /** The safety sweep's period (an event a replica missed while its LISTEN connection was down); 0: none. */
  sweepEveryMs?: number;
}

/**
 * The escalation policy's optional auto-assignment: a conversation waiting for an agent is handed to an ONLINE agent
 * of its pool (tier, or on call) with every skill it wants and free capacity, the one longest since their last
 * assignment first (round robin on agents.last_assigned_at). The hand-over is the agent's own claim path (the row
 * lock and capacity check, then the workflow's claim Update), so Temporal's history records it like any claim; an
 * agent found at capacity under the lock is passed over for the next.
 *
 * Conversations are offered when they move in the queue, and the ones already waiting (oldest first) whenever an
 * agent may take more than before: they came online, an admin changed their profile, or they gave a conversation up
 * (resolved, released, transferred). Every API replica hears the last kind and may sweep at the same time: the
 * workflow's claim Update lets exactly one claim win, so nothing is handed out twice.
 */
export class AutoAssignService {
  private readonly inFlight = new Set<string>();
  private sweeping: Promise<void> | null = null;
  private sweepAgain = false;
  private debounce: NodeJS.Timeout | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly ds: DataSource,
    private readonly policies: Pick<PolicyService, 'current'>,
    private readonly desk: Pick<AgentDeskService, 'claimFor'>,
    private readonly options: AutoAssignOptions = {},
  ) {}

  /** Starts the periodic safety sweep. */
  start(): void {
    const every = this.options.sweepEveryMs ?? 15_000;
    if (every > 0) {
      this.timer = setInterval(() => this.offerWaiting('timer'), every);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    await this.sweeping;
  }

  /** For the queue listener: never throws, and one attempt per conversation at a time. */
  onQueueMove(c: Pick<ConversationEntity, 'id' | 'status'>, change?: string): void {
    if (change && FREES_A_SLOT.has(change)) this.offerWaiting(`slot freed (${change})`);
    if (c.status !== ConversationStatus.AWAITING_AGENT) return;
    this.attempt(c.id).catch(() => undefined);
  }

  /**
   * Offers every waiting conversation again, oldest waiting first, soon (events in a burst cost one sweep, and one
   * sweep runs at a time per process). Never throws.
   */
  offerWaiting(why: string): void {
    if (this.stopped) return;
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      if (this.sweeping) {
        this.sweepAgain = true;
        return;
      }
      this.sweeping = this.sweepLoop(why).finally(() => (this.sweeping = null));
    }, SWEEP_DEBOUNCE_MS);
  }

  private async sweepLoop(why: string): Promise<void> {
    do {
      this.sweepAgain = false;
      try {
        const assigned = await this.sweep();
        if (assigned > 0) log.info('waiting conversations handed out', { assigned, why });
      } catch (err) {
        log.error('auto-assignment sweep failed', { why, error: String(err) });
      }
    } while (this.sweepAgain && !this.stopped);
  }

  /**
   * One pass over the conversations waiting now that some online agent may take, oldest waiting first (the current
   * queue entry's start). Cheap when the policy leaves auto-assignment off: one read of the policy.
   */
  async sweep(): Promise<number> {
    const policy = await this.policies.current();
    if (!policy.document.autoAssign?.enabled) return 0;
    const waiting: Array<{ id: string }> = await this.ds.query(
      `SELECT c.id FROM conversations c
        WHERE c.status = 'AWAITING_AGENT' AND EXISTS (SELECT 1 FROM agents a WHERE ${MAY_TAKE})
        ORDER BY (c.sla ->> 'startedAt')::bigint ASC NULLS LAST, c.escalated_at ASC NULLS LAST, c.id
        LIMIT $1`,
      [SWEEP_BATCH],
    );
    let assigned = 0;
    for (const { id } of waiting) {
      if (this.stopped) break;
      if ((await this.attempt(id, true)) !== null) assigned++;
    }
    return assigned;
  }

  /** One conversation, unless this process is already offering it; `policyOn`: the caller read the policy already. */
  private async attempt(conversationId: string, policyOn = false): Promise<string | null> {
    if (this.inFlight.has(conversationId)) return null;
    this.inFlight.add(conversationId);
    try {
      return policyOn ? await this.handOut(conversationId) : await this.assign(conversationId);
    } catch (err) {
      log.error('auto-assignment failed', { conversationId, error: String(err) });
      return null;
    } finally {
      this.inFlight.delete(conversationId);
    }
  }

  /** The agent the conversation was handed to, or null (policy off, nobody free, already taken). */
  async assign(conversationId: string): Promise<string | null> {
    const policy = await this.policies.current();
    return policy.document.autoAssign?.enabled ? this.handOut(conversationId) : null;
  }

  /** To the first candidate whose claim goes through (the policy is on). */
  private async handOut(conversationId: string): Promise<string | null> {
    for (const agent of await this.candidates(conversationId)) {
      try {
        await this.desk.claimFor(agent, conversationId, { auto: true });
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
         JOIN agents a ON ${MAY_TAKE}
        WHERE c.id = $1 AND c.status = 'AWAITING_AGENT'
        ORDER BY (c.preferred_agent_id IS NOT DISTINCT FROM a.id) DESC, a.last_assigned_at ASC NULLS FIRST, a.id`,
      [conversationId],
    );
  }
}
