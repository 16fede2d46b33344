import type { DataSource } from 'typeorm';
import type { PageContext } from '../../domain/conversation';
import type { StoredCustomerMessage } from '../../workflows/conversation/conversation.messages';
import { badInput } from '../errors';
import { logger } from '../logger';
import { messagesPaced } from '../observability/metrics';
import { ConversationStore, type PersistedMessage } from './conversation-store';

const log = logger('message-outbox');

/** Tells a conversation's workflow about a stored customer message (the gateway's deliverCustomerMessage). */
export type DeliverMessage = (m: StoredCustomerMessage & { conversationId: string }) => Promise<'signalled' | 'ended'>;

export interface MessageOutboxOptions {
  /** A message whose signal has not been confirmed this long is delivered again (default 5 s). */
  redeliverAfterMs?: number;
  /**
   * A parked message its workflow has not taken this long is signalled after all (default 30 s): a workflow that
   * stopped answering (closed, or a worker still on a version before parking) still hears of it.
   */
  parkedRedeliverAfterMs?: number;
  /**
   * A parked message its workflow took (it is answering it, and takes again after: see the parked-take-retryable
   * migration) is signalled after all only this long after the take (default 5 min): a backlog answered ten at a time
   * would otherwise earn each message a second signal, and the workflow a task for each.
   */
  takenRedeliverAfterMs?: number;
  /** How often the loop looks (default 2 s; 0: never, for tests that drive it). */
  everyMs?: number;
  /** At most this many messages a pass. */
  batch?: number;
  /**
   * Back pressure on a flood: a message stored parked behind `limit` or more of its conversation's messages the AI
   * has not answered yet is acknowledged once `nextCommit` hears another message of the conversation committed (the
   * AI's answer, typically), or after `maxWaitMs`. The message is stored before the wait, so a client that gives up
   * and resends finds it (stored once). A person's conversation never parks, so it is never paced.
   */
  pace?: {
    limit: number;
    maxWaitMs: number;
    nextCommit(conversationId: string, exceptMessageId: string, timeoutMs: number): Promise<unknown>;
  };
}

interface DueRow {
  message_id: string;
  conversation_id: string;
  seq: number;
  body: string;
  client_message_id: string;
  page_context: PageContext | null;
}

/**
 * The customer messages the API stored whose workflow may not have been told. The API stores a message with its
 * outbox row (ConversationStore.persistCustomerMessage) and signals the workflow at once; the row goes once the
 * signal is confirmed. A row outlives that only when Temporal did not answer (a client told UNAVAILABLE may never
 * resend): the loop here signals it again, so every acknowledged message reaches its workflow, which takes it once.
 * Each pass claims its rows (SKIP LOCKED, attempted_at moved on), so API replicas don't deliver the same row at once.
 */
export class MessageOutbox {
  private readonly done = new Set<string>();
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<number> | null = null;
  private stopped = false;
  private readonly store: ConversationStore;

  constructor(
    private readonly ds: DataSource,
    private readonly deliver: DeliverMessage,
    private readonly options: MessageOutboxOptions = {},
  ) {
    this.store = new ConversationStore(ds);
  }

  start(): void {
    const every = this.options.everyMs ?? 2000;
    if (every <= 0) return;
    this.timer = setInterval(() => {
      if (!this.pass) void this.redeliverDue();
    }, every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.pass;
    await this.flush();
  }

  /**
   * The message path (ConversationsService.sendMessage): the customer's message stored with its outbox row, then
   * signalled unless it is answered already (a resend). Null when the conversation is closed, missing or not the
   * author's. A workflow that ended between the statement's check and the signal takes back a message it was never
   * told of (BAD_USER_INPUT, conversation is closed); a resend of one it was told of stays, acknowledged as it was.
   * Temporal not answering throws UNAVAILABLE with the message stored: the resend, or the loop, delivers it.
   */
  async storeAndDeliver(
    input: Parameters<ConversationStore['persistCustomerMessage']>[0],
  ): Promise<PersistedMessage | null> {
    const stored = await this.store.persistCustomerMessage(input);
    // Parked: the workflow is due to look for it (and takes it from the outbox); no signal, no workflow task.
    if (stored?.parked) {
      const pace = this.options.pace;
      if (pace && pace.limit > 0 && stored.backlog >= pace.limit) {
        messagesPaced.inc();
        await pace.nextCommit(input.conversationId, stored.messageId, pace.maxWaitMs);
      }
      return stored;
    }
    if (!stored || stored.answered) return stored;
    const outcome = await this.deliver({
      conversationId: input.conversationId,
      messageId: stored.messageId,
      seq: stored.seq,
      body: input.body,
      clientMessageId: input.clientMessageId,
      ...(input.pageContext && { pageContext: input.pageContext }),
      ...(stored.due && { due: true }),
    });
    if (outcome === 'ended') {
      const [removed]: [unknown[], number] = await this.ds.query(
        `DELETE FROM messages WHERE id = $1 AND EXISTS (SELECT 1 FROM message_outbox WHERE message_id = $1)
         RETURNING id`,
        [stored.messageId],
      );
      if (removed.length) throw badInput('conversation is closed');
    }
    this.delivered(stored.messageId);
    return stored;
  }

  /** The signal of this message was confirmed: its row goes with the next batch (off the acknowledgement's path). */
  private delivered(messageId: string): void {
    this.done.add(messageId);
    this.flushSoon();
  }

  private flushSoon(): void {
    if (!this.flushing) this.flushing = new Promise((r) => setImmediate(r)).then(() => this.flush());
  }

  /** Deletes the confirmed rows in one statement; a failure leaves them for the loop (delivering twice is harmless). */
  private async flush(): Promise<void> {
    const ids = [...this.done];
    this.done.clear();
    try {
      if (ids.length) await this.ds.query('DELETE FROM message_outbox WHERE message_id = ANY($1::uuid[])', [ids]);
    } catch (err) {
      log.warn('outbox rows not deleted; they will be delivered again', { count: ids.length, error: String(err) });
    } finally {
      this.flushing = null;
      if (this.done.size) this.flushSoon(); // confirmed while this batch was being deleted
    }
  }

  /**
   * One pass: signals every message left longer than redeliverAfterMs, a conversation's in order. Returns how many
   * were delivered (or found ended). Never throws.
   */
  redeliverDue(): Promise<number> {
    const pass = this.redeliver()
      .catch((err: unknown) => {
        log.warn('redelivery pass failed', { error: String(err) });
        return 0;
      })
      .finally(() => {
        if (this.pass === pass) this.pass = null;
      });
    this.pass = pass;
    return pass;
  }

  private async redeliver(): Promise<number> {
    if (this.stopped) return 0;
    const [rows]: [DueRow[], number] = await this.ds.query(
      `WITH due AS (
         SELECT message_id FROM message_outbox
          WHERE coalesce(taken_at, attempted_at) <= now() - make_interval(secs =>
                  (CASE WHEN taken_at IS NOT NULL THEN $4 WHEN parked THEN $3 ELSE $1 END)::float8 / 1000)
          ORDER BY attempted_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       UPDATE message_outbox o SET attempted_at = now() FROM due, messages m
        WHERE o.message_id = due.message_id AND m.id = o.message_id
       RETURNING o.message_id, o.conversation_id, m.seq, m.body, m.client_message_id, m.page_context`,
      [
        this.options.redeliverAfterMs ?? 5000,
        this.options.batch ?? 200,
        this.options.parkedRedeliverAfterMs ?? 30_000,
        this.options.takenRedeliverAfterMs ?? 300_000,
      ],
    );
    rows.sort((a, b) => a.conversation_id.localeCompare(b.conversation_id) || a.seq - b.seq);
    let handled = 0;
    for (const r of rows) {
      if (this.stopped) break;
      try {
        const outcome = await this.deliver({
          conversationId: r.conversation_id,
          messageId: r.message_id,
          seq: r.seq,
          body: r.body,
          clientMessageId: r.client_message_id,
          ...(r.page_context && { pageContext: r.page_context }),
          // The workflow looks for parked messages after this one, and ends the due state if it finds none.
          due: true,
        });
        // 'ended': the conversation closed before it was told; the message stays in its transcript, unanswered.
        if (outcome === 'ended')
          log.info('message reached a closed conversation', { conversationId: r.conversation_id });
        this.delivered(r.message_id);
        handled++;
      } catch (err) {
        log.warn('message not delivered yet; retried', { conversationId: r.conversation_id, error: String(err) });
      }
    }
    if (handled) log.info('messages delivered again', { count: handled });
    return handled;
  }
}
