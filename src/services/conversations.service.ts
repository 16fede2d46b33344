import type { DataSource } from 'typeorm';
import type { ConversationWorkflowInput } from '../../workflows/conversation/conversation.messages';
import { AuthorKind, ConversationStatus } from '../../domain/conversation';
import { closePermissionProblem } from '../../domain/conversation-rules';
import { isTier } from '../../domain/vocabulary';
import type { Principal } from '../auth/jwt';
import { AgentEntity, ConversationEntity, CustomerEntity, MessageEntity } from '../db/entities';
import { AppError, badInput, ErrorCode, forbidden, notFound } from '../errors';
import type { ConversationGateway } from '../temporal/conversation-gateway';
import type { ContextPrefetchService } from './context-prefetch.service';
import type { MessageOutbox } from './message-outbox';
import { conversationIdFor, isUuid } from './ids';
import { queueInfo, type QueueInfo } from './queue-info';
import { requireStaff } from './agents.service';
import {
  applyFilter,
  checkFilter,
  type ConversationCounts,
  conversationCounts,
  type ConversationFilter,
} from './conversation-filters';
import { decodeCursor, type Page, pageOf, pageSize } from './pagination';
import {
  cleanPageContext,
  type SendMessageRequest,
  type StartConversationRequest,
  validateMessage,
} from './message-input';

export type { ConversationFilter } from './conversation-filters';

export interface ConversationsServiceOptions {
  continueAsNewAfterTurns: number;
  /** Agent replies are emailed to a customer away this long (0: never). */
  replyEmailAfterSeconds?: number;
  /** The AI is local (AI_PROVIDER=local): new conversations answer inside the workflow task (see the workflow input). */
  aiInWorkflowTask?: boolean;
  /** The widget's context prefetch, consumed by the first message (absent: every conversation gathers its own). */
  prefetch?: Pick<ContextPrefetchService, 'consume' | 'gatherForStart'>;
  /** Where staff open a conversation's workflow (config TEMPORAL_UI_URL and the namespace). */
  temporalUi?: { url: string; namespace: string };
  /** Stored customer messages until their workflow has been told (see sendMessage). */
  outbox: Pick<MessageOutbox, 'storeAndDeliver'>;
}

/** The conversation aggregate as the API sees it: reads from PostgreSQL, writes through the workflow. */
export class ConversationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly temporal: ConversationGateway,
    private readonly opts: ConversationsServiceOptions,
  ) {}

  private get conversations() {
    return this.ds.getRepository(ConversationEntity);
  }

  private get messages() {
    return this.ds.getRepository(MessageEntity);
  }

  async startConversation(principal: Principal, req: StartConversationRequest): Promise<ConversationEntity> {
    if (principal.role !== 'customer') throw forbidden('only customers start conversations');
    validateMessage(req.body, req.clientMessageId);
    const pageContext = cleanPageContext(req.pageContext);
    const customer = await this.ds.getRepository(CustomerEntity).findOneBy({ id: principal.sub });
    if (!customer) throw forbidden('this token names no known customer');

    const conversationId = conversationIdFor(customer.id, req.clientMessageId);
    const prefetchSessionId = (await this.opts.prefetch?.consume(principal, conversationId)) ?? null;
    const workflow: ConversationWorkflowInput = {
      conversationId,
      customerId: customer.id,
      channel: 'web',
      pageContext,
      // No prefetch ready: this process gathers the context after the start, and the workflow reads it back later.
      ...(prefetchSessionId ? { prefetchSessionId } : this.opts.prefetch ? { contextFromStart: true } : {}),
      ...(isTier(customer.tier) && { customerTier: customer.tier }),
      ...(customer.plan ? { customerPlan: customer.plan } : {}),
      ...(this.opts.replyEmailAfterSeconds ? { replyEmailAfterSeconds: this.opts.replyEmailAfterSeconds } : {}),
      ...(this.opts.aiInWorkflowTask && { aiInWorkflowTask: true }),
      continueAsNewAfterTurns: this.opts.continueAsNewAfterTurns || undefined,
    };
    // 'ended': this start was retried after the conversation ended; it answers the conversation as it is now.
    await this.temporal.startConversation({
      workflow,
      customerTier: customer.tier,
      message: { clientMessageId: req.clientMessageId, body: req.body, pageContext },
    });
    if (workflow.contextFromStart) this.opts.prefetch?.gatherForStart(customer.id, conversationId, pageContext);
    return this.requireConversation(conversationId);
  }

  /**
   * The message path (MessageOutbox.storeAndDeliver): stored (numbered, published, put in the outbox: one statement
   * that checks the conversation is the customer's and not closed), then signalled to the workflow, which takes its turn. The
   * acknowledgement waits for the signal to be durable in Temporal, not for a workflow task. UNAVAILABLE leaves the
   * message stored and in the outbox: a resend with the same clientMessageId answers the same row, and the outbox
   * delivers it even if the client never resends. A resend of an answered message tells the workflow nothing again.
   */
  async sendMessage(principal: Principal, req: SendMessageRequest): Promise<MessageEntity> {
    validateMessage(req.body, req.clientMessageId);
    const pageContext = req.pageContext ? cleanPageContext(req.pageContext) : null;
    if (principal.role !== 'customer') {
      await this.visibleConversationId(principal, req.conversationId);
      throw forbidden('only the assigned agent may reply (see AgentDeskService.reply)');
    }
    if (!isUuid(req.conversationId)) throw notFound('conversation');
    const conversationId = req.conversationId.toLowerCase(); // as stored: the workflow id is built from it
    const page = pageContext && Object.keys(pageContext).length ? pageContext : undefined;
    const stored = await this.opts.outbox.storeAndDeliver({
      conversationId,
      authorId: principal.sub,
      body: req.body,
      clientMessageId: req.clientMessageId,
      ...(page && { pageContext: page }),
    });
    if (!stored) {
      await this.visibleConversationId(principal, conversationId); // NOT_FOUND unless it is theirs
      throw badInput('conversation is closed');
    }
    if (!stored.created) {
      const message = await this.messages.findOneBy({ id: stored.messageId });
      if (!message) throw new AppError(ErrorCode.INTERNAL, 'stored message could not be read back');
      return message;
    }
    // Stored just now from exactly this request: the acknowledgement carries all the row has, no read-back needed.
    return Object.assign(new MessageEntity(), {
      id: stored.messageId,
      conversationId,
      seq: stored.seq,
      authorKind: AuthorKind.CUSTOMER,
      authorId: principal.sub,
      body: req.body,
      clientMessageId: req.clientMessageId,
      ai: null,
      createdAt: new Date(stored.createdAt),
    });
  }

  /** The "talk to a person" button: idempotent, a conversation already with or waiting for a person is unchanged. */
  async requestHuman(principal: Principal, conversationId: string): Promise<ConversationEntity> {
    if (principal.role !== 'customer') throw forbidden('only the customer asks for a person');
    const c = await this.getConversation(principal, conversationId);
    if (c.status === ConversationStatus.AWAITING_AGENT || c.status === ConversationStatus.AGENT_ACTIVE) return c;
    await this.temporal.requestHuman({ conversationId, customerId: principal.sub, stateAt: c.updatedAt });
    return this.requireConversation(conversationId);
  }

  /** The customer says "that solved it": an AI conversation ends as resolved by the AI. */
  async confirmResolved(principal: Principal, conversationId: string): Promise<ConversationEntity> {
    if (principal.role !== 'customer') throw forbidden('only the customer confirms their problem is solved');
    const c = await this.getConversation(principal, conversationId);
    if (c.status === ConversationStatus.RESOLVED) return c;
    await this.temporal.confirmResolved({ conversationId, customerId: principal.sub, stateAt: c.updatedAt });
    return this.requireConversation(conversationId);
  }

  /** CSAT: once, after resolution, by the customer; AI-only and post-escalation ratings are told apart. */
  async rate(
    principal: Principal,
    conversationId: string,
    score: number,
    comment?: string | null,
  ): Promise<ConversationEntity> {
    if (principal.role !== 'customer') throw forbidden('only the customer rates a conversation');
    if (!Number.isInteger(score) || score < 1 || score > 5) throw badInput('score must be a whole number from 1 to 5');
    if (comment && comment.length > 2000) throw badInput('comment must be at most 2000 characters');
    const c = await this.getConversation(principal, conversationId);
    if (!c.resolvedAt) throw badInput('a conversation can be rated once it is resolved');
    const inserted: unknown[] = await this.ds.query(
      `INSERT INTO conversation_ratings (conversation_id, score, comment, escalated) VALUES ($1, $2, $3, $4)
       ON CONFLICT (conversation_id) DO NOTHING RETURNING conversation_id`,
      [conversationId, score, comment ?? null, c.escalatedAt !== null],
    );
    if (inserted.length === 0) throw new AppError(ErrorCode.CONFLICT, 'this conversation has been rated already');
    await this.ds.query(`INSERT INTO conversation_events (conversation_id, kind, data) VALUES ($1, 'csat_rated', $2)`, [
      conversationId,
      JSON.stringify({ score, escalated: c.escalatedAt !== null }),
    ]);
    return c;
  }

  temporalUiUrl(workflowId: string): string {
    const ui = this.opts.temporalUi ?? { url: 'http://localhost:8233', namespace: 'default' };
    return `${ui.url}/namespaces/${encodeURIComponent(ui.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  }

  queueInfo(conversationId: string, tier: string): Promise<QueueInfo> {
    return queueInfo(this.ds, conversationId, tier);
  }

  async ratingOf(conversationId: string): Promise<{ score: number; comment: string | null; createdAt: Date } | null> {
    const rows: Array<{ score: number; comment: string | null; created_at: Date }> = await this.ds.query(
      'SELECT score, comment, created_at FROM conversation_ratings WHERE conversation_id = $1',
      [conversationId],
    );
    return rows[0] ? { score: rows[0].score, comment: rows[0].comment, createdAt: rows[0].created_at } : null;
  }

  async closeConversation(principal: Principal, conversationId: string): Promise<ConversationEntity> {
    const conversation = await this.getConversation(principal, conversationId);
    // The workflow's validator decides who may close (it sees the live assignee) and needs an agent's tier; refused
    // here too, so that a conversation closed already answers a caller who may not close it FORBIDDEN, not success.
    const actorTier =
      principal.role === 'agent'
        ? ((await this.ds.getRepository(AgentEntity).findOneBy({ id: principal.sub }))?.tier ?? null)
        : null;
    const actor = { actorId: principal.sub, actorRole: principal.role, actorTier };
    const denied = closePermissionProblem(
      { assignee: conversation.assigneeId, customerId: conversation.customerId },
      actor,
    );
    if (denied) throw forbidden(denied);
    if (conversation.status === ConversationStatus.CLOSED) return conversation;
    await this.temporal.close({ conversationId, ...actor }).catch((err: unknown) => {
      // Closing twice is not an error for the caller: the conversation is closed either way.
      if (!(err instanceof AppError && err.code === ErrorCode.BAD_USER_INPUT)) throw err;
    });
    return this.requireConversation(conversationId);
  }

  /** A customer sees only their own conversations; another's answers NOT_FOUND, exactly like a missing one. */
  async getConversation(principal: Principal, id: string): Promise<ConversationEntity> {
    const conversation = isUuid(id) ? await this.conversations.findOneBy({ id }) : null;
    if (!conversation || (principal.role === 'customer' && conversation.customerId !== principal.sub)) {
      throw notFound('conversation');
    }
    return conversation;
  }

  /**
   * getConversation's check alone, for the acknowledgement path: the owner's column read by primary key, not the
   * whole entity with its JSON columns (the same NOT_FOUND for another's conversation as for a missing one).
   */
  private async visibleConversationId(principal: Principal, id: string): Promise<string> {
    const rows: Array<{ id: string; customer_id: string }> = isUuid(id)
      ? await this.ds.query('SELECT id, customer_id FROM conversations WHERE id = $1', [id])
      : [];
    if (!rows[0] || (principal.role === 'customer' && rows[0].customer_id !== principal.sub)) {
      throw notFound('conversation');
    }
    return rows[0].id; // as stored (lower case): the workflow id is built from it
  }

  async findConversation(principal: Principal, id: string): Promise<ConversationEntity | null> {
    try {
      return await this.getConversation(principal, id);
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.NOT_FOUND) return null;
      throw err;
    }
  }

  private async requireConversation(id: string): Promise<ConversationEntity> {
    const c = await this.conversations.findOneBy({ id });
    if (!c) throw new AppError(ErrorCode.INTERNAL, 'conversation could not be read back');
    return c;
  }

  /** Newest first, or (staff) by SLA deadline; a customer's own only, and the team's filters are staff only. */
  async listConversations(
    principal: Principal,
    filter: ConversationFilter,
    first?: number | null,
    after?: string | null,
  ): Promise<Page<ConversationEntity>> {
    const limit = pageSize(first);
    checkFilter(principal, filter);
    const qb = applyFilter(this.conversations.createQueryBuilder('c'), principal, filter);
    if (filter.orderBy === 'SLA_DEADLINE') {
      // Deadlines move as the ladder re-plans: an offset cursor, like the agent queue's.
      const offset = Number(decodeCursor(after, 1)?.[0] ?? 0);
      const rows = await qb
        .orderBy('c.sla_deadline', 'ASC', 'NULLS LAST')
        .addOrderBy('c.id', 'ASC')
        .offset(offset)
        .limit(limit + 1)
        .getMany();
      return pageOf(rows, limit, (_c, i) => [offset + i + 1], offset > 0);
    }
    const cursor = decodeCursor(after, 2);
    if (cursor) {
      qb.andWhere('(c.created_at, c.id) < (:at::timestamptz, :id::uuid)', { at: cursor[0], id: cursor[1] });
    }
    const rows = await qb
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    return pageOf(rows, limit, (c) => [c.createdAt.toISOString(), c.id], cursor !== null);
  }

  /** The inbox views' counts (staff). */
  async counts(principal: Principal): Promise<ConversationCounts> {
    requireStaff(principal);
    return conversationCounts(this.ds, principal);
  }

  /** Messages in `seq` order; `afterSeq` back-fills a client that reconnects after the last seq it saw. */
  async listMessages(
    conversationId: string,
    first?: number | null,
    after?: string | null,
    afterSeq?: number | null,
  ): Promise<Page<MessageEntity>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 1);
    const from = Math.max(Number(cursor?.[0] ?? 0), afterSeq ?? 0);
    const rows = await this.messages
      .createQueryBuilder('m')
      .where('m.conversation_id = :id AND m.seq > :from', { id: conversationId, from })
      .orderBy('m.seq', 'ASC')
      .limit(limit + 1)
      .getMany();
    return pageOf(rows, limit, (m) => [m.seq], from > 0);
  }

  async messageById(id: string): Promise<MessageEntity | null> {
    return isUuid(id) ? this.messages.findOneBy({ id }) : null;
  }

  async conversationById(id: string): Promise<ConversationEntity | null> {
    return isUuid(id) ? this.conversations.findOneBy({ id }) : null;
  }

  /** For per-request loaders (agents' and admins' views such as insights examples). */
  async conversationsByIds(ids: string[]): Promise<ConversationEntity[]> {
    const valid = ids.filter(isUuid);
    return valid.length
      ? this.conversations.createQueryBuilder('c').where('c.id = ANY(:ids)', { ids: valid }).getMany()
      : [];
  }
}
