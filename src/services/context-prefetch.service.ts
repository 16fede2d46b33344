import type { DataSource } from 'typeorm';
import type { PageContext } from '../../domain/conversation';
import type { Principal } from '../auth/jwt';
import { forbidden } from '../errors';
import { logger } from '../logger';
import { swallowedErrors } from '../observability/metrics';
import type { ContextGatherer } from './context-gatherer';
import { contextGatheredChange } from './context-record';
import { ConversationStore } from './conversation-store';
import { cleanPageContext } from './message-input';

const log = logger('prefetch');

export type PrefetchStatus = 'GATHERING' | 'READY' | 'FAILED';

export interface ContextPrefetch {
  status: PrefetchStatus;
  startedAt: Date;
  expiresAt: Date;
}

interface PrefetchRow {
  status: PrefetchStatus;
  created_at: Date;
  expires_at: Date;
}

/** A customer token without a widget session (a script's, `npm run token`) prefetches under one key of its own. */
const sessionKey = (p: Principal) => p.sessionId ?? `token:${p.sub}`;

/**
 * Context gathered when the widget opens, before any conversation exists: page, account (CRM), billing and previous
 * conversations, read in the API process by the same gatherer the workflow's activity uses, kept in PostgreSQL
 * (any replica and the worker read it) for a bounded time. No workflow starts: a customer who never writes costs
 * one row and the sources' reads. The first message's startConversation consumes it.
 */
export class ContextPrefetchService {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly ds: DataSource,
    private readonly gatherer: ContextGatherer,
    private readonly opts: { ttlSeconds: number },
    private readonly store: Pick<ConversationStore, 'recordConversationState'> = new ConversationStore(ds),
  ) {}

  /** Idempotent per widget session: a second call answers the prefetch as it is (gathered again once expired). */
  async prepare(principal: Principal, page: PageContext | null | undefined): Promise<ContextPrefetch> {
    if (principal.role !== 'customer') throw forbidden('only customers prepare a conversation');
    const pageContext = cleanPageContext(page);
    const key = sessionKey(principal);
    await this.ds.query('DELETE FROM context_prefetches WHERE expires_at < now()');
    const started: PrefetchRow[] = await this.ds.query(
      `INSERT INTO context_prefetches (session_id, customer_id, page_context, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))
       ON CONFLICT (session_id) DO UPDATE SET page_context = EXCLUDED.page_context, status = 'GATHERING',
         context = NULL, created_at = now(), ready_at = NULL, expires_at = EXCLUDED.expires_at, consumed_by = NULL
         WHERE context_prefetches.customer_id = EXCLUDED.customer_id
           AND (context_prefetches.expires_at <= now() OR context_prefetches.consumed_by IS NOT NULL)
       RETURNING status, created_at, expires_at`,
      [key, principal.sub, JSON.stringify(pageContext), this.opts.ttlSeconds],
    );
    if (started[0]) {
      this.startGathering(key, principal.sub, pageContext, started[0].created_at);
      return toPrefetch(started[0]);
    }
    const [row]: PrefetchRow[] = await this.ds.query(
      'SELECT status, created_at, expires_at FROM context_prefetches WHERE session_id = $1 AND customer_id = $2',
      [key, principal.sub],
    );
    if (!row) throw forbidden('this widget session belongs to another customer');
    return toPrefetch(row);
  }

  /**
   * Claims the caller's ready prefetch for a conversation (their own session's first, else their newest), so the
   * workflow adopts it instead of asking the sources again. Null when there is none ready: the workflow gathers.
   * A retried start of the same conversation claims the same row.
   */
  async consume(principal: Principal, conversationId: string): Promise<string | null> {
    const rows: Array<{ session_id: string }> = await this.ds.query(
      `WITH claimed AS (
         UPDATE context_prefetches SET consumed_by = $3
         WHERE session_id = (
           SELECT session_id FROM context_prefetches
           WHERE customer_id = $1 AND status = 'READY' AND expires_at > now()
             AND (consumed_by IS NULL OR consumed_by = $3)
           ORDER BY consumed_by IS NOT NULL DESC, session_id = $2 DESC, ready_at DESC LIMIT 1
           FOR UPDATE SKIP LOCKED)
         RETURNING session_id)
       SELECT session_id FROM claimed`,
      [principal.sub, sessionKey(principal), conversationId],
    );
    return rows[0]?.session_id ?? null;
  }

  /**
   * A conversation that started with no prefetch ready: its context is gathered here, after the start, and recorded
   * with the conversation as the workflow's activity would record it. The workflow, told so at the start, does not
   * gather at its first turn: it reads this record back when it next needs the account (its next turn, a handoff,
   * its end) and gathers with its own activity only if the record is not there (this failed, or this process went
   * away first). A start then costs one workflow task instead of two, and no activity.
   */
  gatherForStart(customerId: string, conversationId: string, pageContext: PageContext): void {
    this.track(
      this.gatherer
        .gather({ customerId, conversationId, pageContext })
        .then((ctx) => this.store.recordConversationState(contextGatheredChange(conversationId, ctx, 'start')))
        .then(() => undefined)
        .catch((err: unknown) => {
          swallowedErrors.inc({ where: 'context_at_start' });
          log.warn('context at start failed; the workflow gathers instead', { conversationId, error: String(err) });
        }),
    );
  }

  /** Waits for gatherings this process started (a clean shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private startGathering(key: string, customerId: string, pageContext: PageContext, generation: Date): void {
    const job = this.gatherer
      .gather({ customerId, conversationId: null, pageContext })
      .then(async (ctx) => {
        await this.ds.query(
          `UPDATE context_prefetches SET status = 'READY', context = $3, ready_at = now()
           WHERE session_id = $1 AND date_trunc('milliseconds', created_at) = $2`,
          [key, generation, JSON.stringify(ctx)],
        );
      })
      .catch(async (err: unknown) => {
        swallowedErrors.inc({ where: 'context_prefetch' });
        log.warn('context prefetch failed; the first message gathers instead', { customerId, error: String(err) });
        await this.ds
          .query(
            `UPDATE context_prefetches SET status = 'FAILED' WHERE session_id = $1 AND date_trunc('milliseconds', created_at) = $2`,
            [key, generation],
          )
          .catch(() => undefined);
      });
    this.track(job);
  }

  private track(job: Promise<void>): void {
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
  }
}

const toPrefetch = (r: PrefetchRow): ContextPrefetch => ({
  status: r.status,
  startedAt: r.created_at,
  expiresAt: r.expires_at,
});
