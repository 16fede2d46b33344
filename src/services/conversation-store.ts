import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AiAnswerMeta, AuthorKind, Channel, ConversationStatus, PageContext } from '../../domain/conversation';
import { encodeEvent, EVENTS_CHANNEL, SupportEvent } from '../events/channel';
import type { ConversationEvent } from '../../domain/events';
import { notifyAssignee } from './assignment-notifications';

export interface NewConversationRow {
  id: string;
  customerId: string;
  channel: Channel;
  pageContext: PageContext;
  workflowId: string;
}

export interface PersistMessageInput {
  /** Present on the customer's messages: creates the conversation row on the first one. */
  conversation?: NewConversationRow;
  conversationId?: string;
  authorKind: AuthorKind;
  authorId?: string | null;
  body: string;
  clientMessageId: string;
  ai?: AiAnswerMeta | null;
  /** The page a customer message was sent from (the widget sends it with every message). */
  pageContext?: PageContext | null;
}

export interface PersistedMessage {
  messageId: string;
  seq: number;
  createdAt: string;
  /** False when the message existed already (a retry or a resend): nothing was written. */
  created: boolean;
  /** True when an AI or system answer to this message is stored already. */
  answered: boolean;
}

export interface ConversationStateChange {
  conversationId: string;
  status?: ConversationStatus;
  tier?: string | null;
  /** The conversation's owner: a visitor's conversation moves to the customer they signed in as. */
  customerId?: string;
  context?: Record<string, unknown> | null;
  escalation?: object | null;
  sla?: object | null;
  assigneeId?: string | null;
  queuePool?: string[];
  slaDeadline?: string | null;
  preferredAgentId?: string | null;
  priority?: number;
  /** Also tell the agents' queues (agentQueueChanged) about this change. */
  queueChanged?: boolean;
  event?: ConversationEvent & { dedupeKey?: string };
}

/** Column and how its value is written, for the optional fields of a state change. */
const CHANGE_COLUMNS: Array<[keyof ConversationStateChange, string, (v: unknown) => unknown]> = [
  ['status', 'status', (v) => v],
  ['tier', 'tier', (v) => v],
  ['customerId', 'customer_id', (v) => v],
  ['context', 'context', (v) => (v === null ? null : JSON.stringify(v))],
  ['escalation', 'escalation', (v) => (v === null ? null : JSON.stringify(v))],
  ['sla', 'sla', (v) => (v === null ? null : JSON.stringify(v))],
  ['assigneeId', 'assignee_id', (v) => v],
  ['queuePool', 'queue_pool', (v) => v],
  ['slaDeadline', 'sla_deadline', (v) => v],
  ['preferredAgentId', 'preferred_agent_id', (v) => v],
  ['priority', 'priority', (v) => v],
];

async function notify(m: EntityManager, event: SupportEvent): Promise<void> {
  await m.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, encodeEvent(event)]);
}

/**
 * Writes the conversation workflow's read model: the conversation row and its state, its messages (numbered and
 * published), its audit events, its resolution, and the billing actions proposed in it. Every write is idempotent
 * (keyed on natural ids) because the activities that call it may be retried after a crash.
 */
export class ConversationStore {
  constructor(private readonly ds: DataSource) {}

  async persistMessage(input: PersistMessageInput): Promise<PersistedMessage> {
    return this.ds.transaction((m) => this.persistIn(m, input));
  }

  /** An AI turn in one transaction: the decision's audit event and, when it stays with the AI, the reply. */
  async recordAiTurn(input: {
    decision: ConversationStateChange;
    reply: PersistMessageInput | null;
  }): Promise<PersistedMessage | null> {
    return this.ds.transaction(async (m) => {
      await this.recordIn(m, input.decision);
      return input.reply ? this.persistIn(m, input.reply) : null;
    });
  }

  /**
   * Three round trips inside the transaction where there were seven: the lock and the resend check in one read, the
   * row, the sequence bump and the NOTIFY in one statement (the id is chosen here, so the payload is known up front),
   * and the conversation row inserted only when the lock finds none (the first message of a conversation).
   */
  private async persistIn(m: EntityManager, input: PersistMessageInput): Promise<PersistedMessage> {
    const conversationId = input.conversation?.id ?? input.conversationId;
    if (!conversationId) throw new Error('persistMessage needs a conversation id');
    let locked = await this.lockFor(m, conversationId, input.clientMessageId);
    if (!locked && input.conversation) {
      const c = input.conversation;
      const inserted: unknown[] = await m.query(
        `INSERT INTO conversations (id, customer_id, status, channel, page_context, workflow_id)
         VALUES ($1, $2, 'AI_ACTIVE', $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [c.id, c.customerId, c.channel, JSON.stringify(c.pageContext ?? {}), c.workflowId],
      );
      if (inserted.length > 0) {
        await m.query(
          `INSERT INTO conversation_events (conversation_id, kind, data) VALUES ($1, 'conversation_started', $2)`,
          [c.id, JSON.stringify({ channel: c.channel, pageContext: c.pageContext ?? {} })],
        );
      }
      locked = await this.lockFor(m, conversationId, input.clientMessageId);
    }
    if (!locked) throw new Error(`conversation ${conversationId} does not exist`);
    if (locked.id !== null) {
      // A resend. (A concurrent first attempt the lock's snapshot missed fails the insert below on the unique key;
      // the retry then lands here.)
      return {
        messageId: locked.id,
        seq: locked.seq!,
        createdAt: locked.created_at!.toISOString(),
        created: false,
        answered: locked.answered,
      };
    }
    const seq = locked.last_seq + 1;
    const messageId = randomUUID();
    const rows: Array<{ created_at: Date }> = await m.query(
      `WITH ins AS (
         INSERT INTO messages (id, conversation_id, seq, author_kind, author_id, body, client_message_id, ai, page_context)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING created_at),
       upd AS (UPDATE conversations SET last_seq = $3, updated_at = now() WHERE id = $2),
       ntf AS (SELECT pg_notify($10, $11))
       SELECT ins.created_at FROM ins, ntf`,
      [
        messageId,
        conversationId,
        seq,
        input.authorKind,
        input.authorId ?? null,
        input.body,
        input.clientMessageId,
        input.ai ? JSON.stringify(input.ai) : null,
        input.pageContext && Object.keys(input.pageContext).length ? JSON.stringify(input.pageContext) : null,
        EVENTS_CHANNEL,
        encodeEvent({ kind: 'message', conversationId, messageId }),
      ],
    );
    return { messageId, seq, createdAt: rows[0].created_at.toISOString(), created: true, answered: false };
  }

  /** The conversation's row lock (it serialises numbering), with the message already stored under this client id. */
  private async lockFor(m: EntityManager, conversationId: string, clientMessageId: string) {
    const rows: Array<{
      last_seq: number;
      id: string | null;
      seq: number | null;
      created_at: Date | null;
      answered: boolean;
    }> = await m.query(
      `SELECT c.last_seq, x.id, x.seq, x.created_at,
              (x.id IS NOT NULL AND EXISTS (SELECT 1 FROM messages a WHERE a.conversation_id = c.id
                 AND a.client_message_id IN ('ai-reply-' || x.id, 'system-ai-failed-' || x.id))) AS answered
       FROM conversations c
       LEFT JOIN messages x ON x.conversation_id = c.id AND x.client_message_id = $2
       WHERE c.id = $1 FOR UPDATE OF c`,
      [conversationId, clientMessageId],
    );
    return rows[0] ?? null;
  }

  /**
   * Upserts the billing action's row; the status only moves forward from PROPOSED. The conversation is published in
   * the same transaction, so whoever watches it (the proposer, the approvers) sees the outcome live.
   */
  async recordBillingAction(r: BillingActionRecord): Promise<void> {
    const a = r.action;
    const status = a.status === 'EXECUTING' ? 'PROPOSED' : a.status;
    await this.ds.transaction(async (m) => {
      await this.upsertBillingAction(m, r, status);
      await notify(m, { kind: 'conversation', conversationId: r.conversationId });
    });
  }

  private async upsertBillingAction(m: EntityManager, r: BillingActionRecord, status: string): Promise<void> {
    const a = r.action;
    await m.query(
      `INSERT INTO billing_actions (id, conversation_id, kind, status, amount_cents, currency, reason, charge_id, stripe_id,
         proposed_by, approved_by, rejected_by, reject_reason, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, stripe_id = COALESCE(EXCLUDED.stripe_id, billing_actions.stripe_id),
         approved_by = COALESCE(EXCLUDED.approved_by, billing_actions.approved_by),
         rejected_by = COALESCE(EXCLUDED.rejected_by, billing_actions.rejected_by),
         reject_reason = COALESCE(EXCLUDED.reject_reason, billing_actions.reject_reason),
         error = COALESCE(EXCLUDED.error, billing_actions.error), updated_at = now()
       WHERE billing_actions.status = 'PROPOSED'`,
      [
        a.id,
        r.conversationId,
        a.kind,
        status,
        a.amountCents,
        a.currency,
        r.reason ?? '',
        a.chargeId,
        a.stripeId,
        a.proposedBy,
        r.approvedBy ?? null,
        r.rejectedBy ?? null,
        r.rejectReason ?? null,
        r.error ?? null,
      ],
    );
  }

  async setSkills(conversationId: string, skills: string[]): Promise<void> {
    await this.ds.query('UPDATE conversations SET skills_wanted = $2 WHERE id = $1', [conversationId, skills]);
  }

  async recordResolution(r: ResolutionRecord): Promise<void> {
    await this.ds.query(
      `UPDATE conversations SET resolved_at = now(), resolved_by = $2, resolution = $3 WHERE id = $1`,
      [
        r.conversationId,
        r.resolvedBy,
        JSON.stringify({
          agentId: r.agentId ?? null,
          summary: r.summary ?? null,
          category: r.category ?? null,
          kbWorthy: r.kbWorthy ?? false,
        }),
      ],
    );
  }

  /** False when an earlier attempt recorded this exact change already (same event dedupe key): nothing was written. */
  async recordConversationState(change: ConversationStateChange): Promise<boolean> {
    return this.ds.transaction((m) => this.recordIn(m, change));
  }

  private async recordIn(m: EntityManager, change: ConversationStateChange): Promise<boolean> {
    {
      const sets: string[] = ['updated_at = now()'];
      const params: unknown[] = [change.conversationId];
      for (const [field, column, encode] of CHANGE_COLUMNS) {
        if (change[field] === undefined) continue;
        params.push(encode(change[field]));
        sets.push(`${column} = $${params.length}`);
      }
      if (change.status === 'AWAITING_AGENT') sets.push('escalated_at = COALESCE(escalated_at, now())');
      if (change.status === 'AGENT_ACTIVE') sets.push('claimed_at = COALESCE(claimed_at, now())');
      // Open again (a reopen): resolvedBy is null while a conversation is open; the audit trail keeps the history.
      if (change.status && !['RESOLVED', 'CLOSED'].includes(change.status))
        sets.push('resolved_by = NULL, resolved_at = NULL');
      if (change.event) {
        const inserted: unknown[] = await m.query(
          `INSERT INTO conversation_events (conversation_id, kind, data, dedupe_key) VALUES ($1, $2, $3, $4)
           ON CONFLICT (conversation_id, dedupe_key) DO NOTHING RETURNING id`,
          [change.conversationId, change.event.kind, JSON.stringify(change.event.data), change.event.dedupeKey ?? null],
        );
        if (inserted.length === 0) return false; // this exact change was recorded by an earlier attempt
        await notifyAssignee(m, change.conversationId, change.event);
      }
      await m.query(`UPDATE conversations SET ${sets.join(', ')} WHERE id = $1`, params);
      await notify(m, { kind: 'conversation', conversationId: change.conversationId });
      if (change.queueChanged) {
        await notify(m, {
          kind: 'queue',
          conversationId: change.conversationId,
          change: change.event?.kind ?? 'updated',
        });
      }
      return true;
    }
  }
}

export interface ResolutionRecord {
  conversationId: string;
  resolvedBy: 'AI' | 'AGENT';
  agentId?: string | null;
  summary?: string | null;
  category?: string | null;
  kbWorthy?: boolean;
}

export interface BillingActionRecord {
  conversationId: string;
  action: {
    id: string;
    kind: string;
    status: string;
    amountCents: number;
    currency: string;
    chargeId: string | null;
    proposedBy: string;
    stripeId: string | null;
  };
  actorId: string;
  reason?: string;
  approvedBy?: string;
  rejectedBy?: string;
  rejectReason?: string;
  error?: string;
}
