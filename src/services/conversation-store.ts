import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AuthorKind,
  type AiAnswerMeta,
  type Channel,
  type ConversationStatus,
  type PageContext,
} from '../../domain/conversation';
import { prepared } from '../db/prepared';
import { encodeEvent, EVENTS_CHANNEL, SupportEvent } from '../events/channel';
import type { ConversationEvent } from '../../domain/events';
import {
  type AiTurnRecord,
  aiTurnStatement,
  changeSets,
  fitsOneStatement,
  messageEventFor,
  messageValues,
  persistedFrom,
  type StoredMessageRow,
} from './ai-turn-sql';
import { notifyAssignee } from './assignment-notifications';
import { type ParkedMessage, parkedFrom, PERSIST_MESSAGE_SQL, TAKE_PARKED_SQL } from './message-sql';

export type { ParkedMessage };

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

const UNIQUE_VIOLATION = '23505';

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

  /** One statement, so one round trip, atomic without BEGIN and COMMIT round trips of its own (see persistIn). */
  async persistMessage(input: PersistMessageInput): Promise<PersistedMessage> {
    return this.persistIn(this.ds.manager, input);
  }

  /**
   * An AI turn: the decision's audit event and state and, when it stays with the AI, the reply, in one statement (one
   * round trip; see aiTurnStatement), with the effects of recordConversationState then persistMessage in one
   * transaction. Inputs the statement does not cover (see fitsOneStatement) take that transaction.
   */
  async recordAiTurn(input: AiTurnRecord): Promise<PersistedMessage | null> {
    if (!fitsOneStatement(input)) return this.ds.transaction((m) => this.aiTurnIn(m, input));
    return this.aiTurnIn(this.ds.manager, input);
  }

  /**
   * Several AI turns (the messages of a burst, answered at once), in order and in one transaction: each written as
   * recordAiTurn writes it, so the burst is in the read model whole or not at all.
   */
  async recordAiTurns(turns: AiTurnRecord[]): Promise<Array<PersistedMessage | null>> {
    return this.ds.transaction(async (m) => {
      const out: Array<PersistedMessage | null> = [];
      for (const t of turns) out.push(await this.aiTurnIn(m, t));
      return out;
    });
  }

  private async aiTurnIn(m: EntityManager, input: AiTurnRecord): Promise<PersistedMessage | null> {
    const { decision, reply } = input;
    if (!fitsOneStatement(input)) {
      await this.recordIn(m, decision);
      return reply ? this.persistIn(m, reply) : null;
    }
    const { sql, params } = aiTurnStatement(
      decision,
      reply ? { ...reply, conversationId: decision.conversationId } : null,
      randomUUID(),
    );
    const rows: Array<Omit<StoredMessageRow, 'id'> & { id: string | null }> = await m.query(prepared(sql), params);
    const row = rows[0];
    if (!reply) return null;
    if (!row?.id) throw new Error(`conversation ${decision.conversationId} does not exist`);
    return persistedFrom({ ...row, id: row.id });
  }

  /**
   * A customer's message stored by the API itself (the message path; see customerMessageStoredSignal): numbered,
   * published and put in the outbox in one statement. Null when the conversation is closed (or does not exist).
   */
  async persistCustomerMessage(
    input: Omit<PersistMessageInput, 'conversation' | 'authorKind'> & { conversationId: string },
  ): Promise<(PersistedMessage & { parked: boolean; due: boolean; backlog: number }) | null> {
    const { conversationId } = input;
    const messageId = randomUUID();
    const customerMessage = { ...input, authorKind: AuthorKind.CUSTOMER };
    const params = [
      messageId,
      conversationId,
      ...messageValues(customerMessage),
      EVENTS_CHANNEL,
      messageEventFor(conversationId, messageId, customerMessage),
    ];
    let rows: Array<StoredMessageRow & { parked: boolean; due: boolean; backlog: number }>;
    try {
      rows = await this.ds.query(prepared(PERSIST_MESSAGE_SQL.fromApi), params);
    } catch (err) {
      // Two attempts of one clientMessageId at once (a client's duplicate): the one whose snapshot missed the other's
      // row fails on the unique key; asked again, it finds that row.
      if ((err as { driverError?: { code?: string } }).driverError?.code !== UNIQUE_VIOLATION) throw err;
      rows = await this.ds.query(prepared(PERSIST_MESSAGE_SQL.fromApi), params);
    }
    const row = rows[0];
    return row ? { ...persistedFrom(row), parked: row.parked, due: row.due, backlog: row.backlog } : null;
  }

  /**
   * The customer messages stored parked for this conversation (see PERSIST_MESSAGE_SQL.fromApi) after seq `after`
   * (the highest an earlier take returned: the workflow holds those, and their rows go), in order; the conversation
   * stays due while there were any (the AI will answer them and look again). Retried, it returns the same messages.
   */
  async takeParkedMessages(conversationId: string, after: number): Promise<ParkedMessage[]> {
    return (await this.ds.query(prepared(TAKE_PARKED_SQL), [conversationId, after])).map(parkedFrom);
  }

  /**
   * A message in one statement (PERSIST_MESSAGE_SQL): the resend check, the sequence bump (its row lock serialises
   * numbering, so seq order is commit order), the row, the NOTIFY and, on a conversation's first message, the
   * conversation row and its `conversation_started` event. A concurrent first attempt of the same clientMessageId
   * that the statement's snapshot missed fails it on the unique key; the retry then finds the stored row.
   */
  private async persistIn(m: EntityManager, input: PersistMessageInput): Promise<PersistedMessage> {
    const conversationId = input.conversation?.id ?? input.conversationId;
    if (!conversationId) throw new Error('persistMessage needs a conversation id');
    const messageId = randomUUID();
    const params: unknown[] = [
      messageId,
      conversationId,
      ...messageValues(input),
      EVENTS_CHANNEL,
      messageEventFor(conversationId, messageId, input),
    ];
    const c = input.conversation;
    if (c) {
      params.push(
        c.customerId,
        c.channel,
        JSON.stringify(c.pageContext ?? {}),
        c.workflowId,
        JSON.stringify({ channel: c.channel, pageContext: c.pageContext ?? {} }),
      );
    }
    const rows: StoredMessageRow[] = await m.query(
      prepared(c ? PERSIST_MESSAGE_SQL.creating : PERSIST_MESSAGE_SQL.existing),
      params,
    );
    const row = rows[0];
    if (!row) throw new Error(`conversation ${conversationId} does not exist`);
    return persistedFrom(row);
  }

  /**
   * Upserts the billing action's row; the status only moves forward from PROPOSED. The conversation is published in
   * the same transaction, so whoever watches it (the proposer, the approvers) sees the outcome live, and so is the
   * action itself (the approvals list).
   */
  async recordBillingAction(r: BillingActionRecord): Promise<void> {
    const a = r.action;
    const status = a.status === 'EXECUTING' ? 'PROPOSED' : a.status;
    await this.ds.transaction(async (m) => {
      await this.upsertBillingAction(m, r, status);
      await notify(m, { kind: 'conversation', conversationId: r.conversationId });
      await notify(m, { kind: 'billing', conversationId: r.conversationId, billingActionId: a.id });
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
    // One statement (one round trip instead of five: BEGIN, the event, the row, its NOTIFYs, COMMIT) for what it
    // covers; an assignment (its notification names the actor) and a close (its parked messages go) take the
    // transaction.
    if (change.status !== 'CLOSED' && fitsOneStatement({ decision: change, reply: null })) {
      const { sql, params } = aiTurnStatement(change, null, randomUUID());
      const rows: Array<{ applies: boolean }> = await this.ds.query(prepared(sql), params);
      return rows[0]?.applies === true;
    }
    return this.ds.transaction((m) => this.recordIn(m, change));
  }

  private async recordIn(m: EntityManager, change: ConversationStateChange): Promise<boolean> {
    {
      const params: unknown[] = [change.conversationId];
      const sets = ['updated_at = now()', ...changeSets(change, params).map(([col, expr]) => `${col} = ${expr}`)];
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
      // Messages parked for a conversation that closes stay in its transcript, unanswered: nobody is due to take
      // them, and the outbox would otherwise signal each to the ended workflow after 30 s.
      if (change.status === 'CLOSED')
        await m.query('DELETE FROM message_outbox WHERE conversation_id = $1 AND parked', [change.conversationId]);
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
