import { MessageEntity, type BacktestEntity, type ConversationEntity } from '../db/entities';
import { logger } from '../logger';
import { swallowedErrors } from '../observability/metrics';
import type { BillingActionRow } from '../services/billing.service';
import type { AgentNotificationRow } from '../services/notifications.service';
import type { InternalNote } from '../services/notes.service';
import type { QueueInfo } from '../services/queue-info';
import { carriedRow, decodeEvent, EVENTS_CHANNEL, loggable, type SupportEvent } from './channel';
import { MessageCommitWaiters } from './commit-waiters';
import { PgListener } from './pg-listener';
import { TopicPubSub } from './topic-pubsub';

const log = logger('event-hub');

export interface HubLoaders {
  message(id: string): Promise<MessageEntity | null>;
  conversation(id: string): Promise<ConversationEntity | null>;
  /** Of these conversations, the ones waiting for an agent. */
  waitingConversations(ids: string[]): Promise<ConversationEntity[]>;
  /** Place in line and estimate of these waiting conversations, in one read. */
  queueInfos(ids: string[]): Promise<Map<string, QueueInfo>>;
  backtest(id: string): Promise<BacktestEntity | null>;
  note(id: string): Promise<InternalNote | null>;
  notification(id: string): Promise<AgentNotificationRow | null>;
  billingAction(id: string): Promise<BillingActionRow | null>;
}

/** The message its event carries, as a read of its row would give it (null: the row did not fit; load it). */
function messageFrom(event: Extract<SupportEvent, { kind: 'message' }>): MessageEntity | null {
  const row = carriedRow(event);
  if (!row) return null;
  return Object.assign(new MessageEntity(), {
    id: event.messageId,
    conversationId: event.conversationId,
    seq: row.seq,
    authorKind: row.authorKind,
    authorId: row.authorId,
    body: row.body,
    clientMessageId: row.clientMessageId,
    ai: row.ai,
    pageContext: row.pageContext,
    createdAt: new Date(row.createdAt),
  });
}

export const messageTopic = (conversationId: string) => `message:${conversationId}`;
export const conversationTopic = (conversationId: string) => `conversation:${conversationId}`;
export const backtestTopic = (backtestId: string) => `backtest:${backtestId}`;
export const noteTopic = (conversationId: string) => `note:${conversationId}`;
/** One topic: each subscriber keeps the notifications whose audience includes its agent. */
export const NOTIFICATIONS_TOPIC = 'notifications';
/** One topic: every refund and credit as it is proposed and decided (staff). */
export const BILLING_ACTIONS_TOPIC = 'billing-actions';

/** A conversation as published; after a queue move it carries its place in line, read once for every subscriber. */
export type ConversationEvent = ConversationEntity & { queueSnapshot?: QueueInfo | null };

/** One kind of event of one conversation: its events are published in the order they were committed. */
const streamOf = (kind: SupportEvent['kind'], conversationId: string) => `${kind}:${conversationId}`;

/** Queue moves closer together than this are answered with one refresh of the waiting subscribers. */
const QUEUE_REFRESH_MS = 250;

/**
 * One LISTEN connection per API process. A notification carries ids only; the row is loaded once per event (not per
 * subscriber) and fanned out. The connection is re-established after a drop; clients back-fill with afterSeq.
 */
export class EventHub {
  readonly messages = new TopicPubSub<MessageEntity>();
  readonly conversations = new TopicPubSub<ConversationEvent>();
  /** One topic, 'queue': every subscriber filters by what its agent may take. */
  readonly queue = new TopicPubSub<{ change: string; conversation: ConversationEntity }>();
  /**
   * In-process listeners to queue moves (auto-assignment), called for every move whether or not anyone subscribes,
   * with what changed (the recorded event's kind, e.g. claimed, resolved, released).
   */
  private readonly queueListeners: Array<(conversation: ConversationEntity, change: string) => void> = [];
  /** A policy backtest's row after each page it replays, and when it ends. */
  readonly backtests = new TopicPubSub<BacktestEntity>();
  /** Internal notes per conversation (staff only). */
  readonly notes = new TopicPubSub<InternalNote>();
  readonly notifications = new TopicPubSub<AgentNotificationRow>();
  readonly billingActions = new TopicPubSub<BillingActionRow>();
  private readonly listener: PgListener;
  private queueRefresh: { timer: NodeJS.Timeout; moved: Set<string> } | null = null;
  /**
   * The dispatch still running per stream (one kind of event of one conversation): each publishes after the one
   * before, so subscribers hear a conversation's events in the order they were committed, though their loads run side
   * by side and may finish out of order. Streams of different conversations do not wait for each other.
   */
  private readonly streams = new Map<string, Promise<void>>();
  /** The place in line last published per waiting conversation, so an unchanged one is not published again. */
  private readonly lastPosition = new Map<string, number | null>();

  constructor(
    databaseUrl: string,
    private readonly load: HubLoaders,
    /** Told of every message commit heard, subscribed to or not (the message path's pacing waits there). */
    readonly messageCommits = new MessageCommitWaiters(),
  ) {
    this.listener = new PgListener(
      { databaseUrl, channel: EVENTS_CHANNEL, applicationName: 'support-api-listen' },
      (payload) => this.onPayload(payload),
    );
  }

  async start(): Promise<void> {
    await this.listener.start();
  }

  private onPayload(payload: string | undefined): void {
    const event = decodeEvent(payload);
    if (event?.kind === 'message') this.messageCommits.heard(event.conversationId, event.messageId);
    if (event) this.inOrder(event);
    else {
      // Only our own workers notify on this channel: an unreadable payload is a bug (or a newer worker's kind). Its
      // kind and size only: a message's payload carries the customer's words.
      swallowedErrors.inc({ where: 'event_decode' });
      log.warn('unreadable event notification ignored', {
        kind: /"kind": ?"(\w+)"/.exec(payload ?? '')?.[1] ?? null,
        bytes: payload?.length ?? 0,
      });
    }
  }

  private inOrder(event: SupportEvent): void {
    const key = 'conversationId' in event ? streamOf(event.kind, event.conversationId) : null;
    if (key === null) {
      void this.dispatch(event);
      return;
    }
    // The row is loaded at once (a burst of a conversation's answers loads side by side); it is published after the
    // event before it, and the stream's tail waits for both, so a failed load does not let a later event overtake.
    this.inStream(key, (turn) => this.dispatch(event, turn));
  }

  /**
   * Runs `work` as the stream's next step: it is handed `turn`, settled once the step before has published, and the
   * next step waits for it. It is entered in the same tick `work` starts, so an event heard while its reads run is
   * published after it, never overtaken by what those reads saw.
   */
  private inStream(key: string, work: (turn: Promise<void>) => Promise<void>): void {
    const turn = this.streams.get(key) ?? Promise.resolve();
    const next = Promise.all([work(turn), turn]).then(() => undefined);
    this.streams.set(key, next);
    void next.then(() => {
      if (this.streams.get(key) === next) this.streams.delete(key);
    });
  }

  /** Loads what the event names, then publishes it once `turn` (the stream's event before) has been published. */
  private async dispatch(event: SupportEvent, turn: Promise<void> = Promise.resolve()): Promise<void> {
    try {
      if (event.kind === 'backtest') {
        if (this.backtests.subscriberCount(backtestTopic(event.backtestId)) === 0) return;
        const b = await this.load.backtest(event.backtestId);
        await turn;
        if (b) this.backtests.publish(backtestTopic(event.backtestId), b);
      } else if (event.kind === 'note') {
        if (this.notes.subscriberCount(noteTopic(event.conversationId)) === 0) return;
        const n = await this.load.note(event.noteId);
        await turn;
        if (n) this.notes.publish(noteTopic(event.conversationId), n);
      } else if (event.kind === 'notification') {
        if (this.notifications.subscriberCount(NOTIFICATIONS_TOPIC) === 0) return;
        const n = await this.load.notification(event.notificationId);
        await turn;
        if (n) this.notifications.publish(NOTIFICATIONS_TOPIC, n);
      } else if (event.kind === 'billing') {
        if (this.billingActions.subscriberCount(BILLING_ACTIONS_TOPIC) === 0) return;
        const a = await this.load.billingAction(event.billingActionId);
        await turn;
        if (a) this.billingActions.publish(BILLING_ACTIONS_TOPIC, a);
      } else if (event.kind === 'message') {
        if (this.messages.subscriberCount(messageTopic(event.conversationId)) === 0) return;
        const m = messageFrom(event) ?? (await this.load.message(event.messageId));
        await turn;
        if (m) this.messages.publish(messageTopic(event.conversationId), m);
      } else if (event.kind === 'queue') {
        const c = await this.load.conversation(event.conversationId);
        await turn;
        if (c && this.queue.subscriberCount('queue') > 0)
          this.queue.publish('queue', { change: event.change, conversation: c });
        if (c) for (const listener of this.queueListeners) listener(c, event.change);
        // The queue moved: customers waiting elsewhere in it see their position change.
        this.scheduleQueueRefresh(event.conversationId);
      } else {
        if (this.conversations.subscriberCount(conversationTopic(event.conversationId)) === 0) return;
        const c = await this.load.conversation(event.conversationId);
        await turn;
        if (c) this.conversations.publish(conversationTopic(event.conversationId), c);
      }
    } catch (err) {
      log.error('event dispatch failed', { error: String(err), event: loggable(event) });
    }
  }

  onQueueMove(listener: (conversation: ConversationEntity, change: string) => void): void {
    this.queueListeners.push(listener);
  }

  private scheduleQueueRefresh(moved: string): void {
    if (this.queueRefresh) {
      this.queueRefresh.moved.add(moved);
      return;
    }
    const refresh = {
      moved: new Set([moved]),
      timer: setTimeout(() => {
        this.queueRefresh = null;
        this.refreshWaiting(refresh.moved);
      }, QUEUE_REFRESH_MS),
    };
    this.queueRefresh = refresh;
  }

  /**
   * Waiting conversations someone follows, other than those that moved (their own events follow): two reads for all
   * of them, and an event only to those whose place in line changed.
   */
  private refreshWaiting(moved: Set<string>): void {
    const followed = new Set(this.conversations.topicNames().map((t) => t.slice('conversation:'.length)));
    for (const id of this.lastPosition.keys()) if (!followed.has(id) || moved.has(id)) this.lastPosition.delete(id);
    const ids = [...followed].filter((id) => !moved.has(id));
    if (ids.length === 0) return;
    const reads = this.readWaiting(ids);
    // Each one's state is a step of its own conversation stream, entered in the tick the reads start: a claim
    // committed while they run is published after the waiting state they read, never overtaken by it.
    for (const id of ids) {
      this.inStream(streamOf('conversation', id), async (turn) => {
        const read = await reads;
        await turn;
        const w = read?.waiting.get(id);
        if (!read || !w) return;
        const info = read.infos.get(id) ?? null;
        const position = info?.position ?? null;
        if (this.lastPosition.has(id) && this.lastPosition.get(id) === position) return;
        this.lastPosition.set(id, position);
        this.conversations.publish(conversationTopic(id), Object.assign(w, { queueSnapshot: info }));
      });
    }
  }

  /** Which of these wait, and their places in line: two reads for all of them (null: a read failed, logged). */
  private async readWaiting(
    ids: string[],
  ): Promise<{ waiting: Map<string, ConversationEntity>; infos: Map<string, QueueInfo> } | null> {
    try {
      const waiting = await this.load.waitingConversations(ids);
      const infos = waiting.length
        ? await this.load.queueInfos(waiting.map((w) => w.id))
        : new Map<string, QueueInfo>();
      return { waiting: new Map(waiting.map((w) => [w.id, w])), infos };
    } catch (err) {
      log.error('queue refresh failed', { error: String(err) });
      return null;
    }
  }

  async stop(): Promise<void> {
    if (this.queueRefresh) clearTimeout(this.queueRefresh.timer);
    this.queueRefresh = null;
    await this.listener.stop();
  }
}
