import { Client } from 'pg';
import type { BacktestEntity, ConversationEntity, MessageEntity } from '../db/entities';
import { logger } from '../logger';
import { swallowedErrors } from '../observability/metrics';
import { decodeEvent, EVENTS_CHANNEL, type SupportEvent } from './channel';
import { TopicPubSub } from './topic-pubsub';

const log = logger('event-hub');

export interface HubLoaders {
  message(id: string): Promise<MessageEntity | null>;
  conversation(id: string): Promise<ConversationEntity | null>;
  /** Of these conversations, the ones waiting for an agent. */
  waitingConversations(ids: string[]): Promise<ConversationEntity[]>;
  backtest(id: string): Promise<BacktestEntity | null>;
}

export const messageTopic = (conversationId: string) => `message:${conversationId}`;
export const conversationTopic = (conversationId: string) => `conversation:${conversationId}`;
export const backtestTopic = (backtestId: string) => `backtest:${backtestId}`;

/**
 * One LISTEN connection per API process. A notification carries ids only; the row is loaded once per event (not per
 * subscriber) and fanned out. The connection is re-established after a drop; clients back-fill with afterSeq.
 */
export class EventHub {
  readonly messages = new TopicPubSub<MessageEntity>();
  readonly conversations = new TopicPubSub<ConversationEntity>();
  /** One topic, 'queue': every subscriber filters by what its agent may take. */
  readonly queue = new TopicPubSub<{ change: string; conversation: ConversationEntity }>();
  /** A policy backtest's row after each page it replays, and when it ends. */
  readonly backtests = new TopicPubSub<BacktestEntity>();
  private client: Client | null = null;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly load: HubLoaders,
  ) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'support-api-listen' });
    client.on('notification', (n) => {
      const event = decodeEvent(n.payload);
      if (event) void this.dispatch(event);
      else {
        // Only our own workers notify on this channel: an unreadable payload is a bug (or a newer worker's kind).
        swallowedErrors.inc({ where: 'event_decode' });
        log.warn('unreadable event notification ignored', { payload: n.payload?.slice(0, 200) });
      }
    });
    client.on('error', (err) => {
      log.warn('LISTEN connection lost; reconnecting', { error: err.message });
      this.scheduleReconnect();
    });
    client.on('end', () => this.scheduleReconnect());
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    this.client = client;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.client = null;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.start().catch((err) => {
        log.warn('LISTEN reconnect failed', { error: String(err) });
        this.scheduleReconnect();
      });
    }, 1000);
  }

  private async dispatch(event: SupportEvent): Promise<void> {
    try {
      if (event.kind === 'backtest') {
        if (this.backtests.subscriberCount(backtestTopic(event.backtestId)) === 0) return;
        const b = await this.load.backtest(event.backtestId);
        if (b) this.backtests.publish(backtestTopic(event.backtestId), b);
      } else if (event.kind === 'message') {
        if (this.messages.subscriberCount(messageTopic(event.conversationId)) === 0) return;
        const m = await this.load.message(event.messageId);
        if (m) this.messages.publish(messageTopic(event.conversationId), m);
      } else if (event.kind === 'queue') {
        const c = await this.load.conversation(event.conversationId);
        if (c && this.queue.subscriberCount('queue') > 0)
          this.queue.publish('queue', { change: event.change, conversation: c });
        // The queue moved: customers waiting elsewhere in it see their position change.
        const waiting = this.conversations
          .topicNames()
          .map((t) => t.slice('conversation:'.length))
          .filter((id) => id !== event.conversationId);
        if (waiting.length > 0) {
          for (const w of await this.load.waitingConversations(waiting))
            this.conversations.publish(conversationTopic(w.id), w);
        }
      } else {
        if (this.conversations.subscriberCount(conversationTopic(event.conversationId)) === 0) return;
        const c = await this.load.conversation(event.conversationId);
        if (c) this.conversations.publish(conversationTopic(event.conversationId), c);
      }
    } catch (err) {
      log.error('event dispatch failed', { error: String(err), event });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const c = this.client;
    this.client = null;
    // Stopping: a LISTEN connection that fails to end cleanly is gone either way.
    if (c)
      await c.end().catch((err: unknown) => log.warn('LISTEN connection did not end cleanly', { error: String(err) }));
  }
}
