import { PgListener } from './pg-listener';
import { TopicPubSub } from './topic-pubsub';

/**
 * Typing indicators cross API replicas on their own NOTIFY channel. Unlike support_events they have no row behind
 * them (nothing is stored, nothing is in Temporal history) and may be lost: a dropped one is corrected by the next,
 * or by the message it announced. A channel of their own keeps these frequent, lossy signals out of the hub that
 * loads rows for every event.
 */
export const TYPING_CHANNEL = 'support_typing';

export interface TypingEvent {
  conversationId: string;
  authorKind: 'CUSTOMER' | 'AGENT';
  /** Who is typing (customer or agent id): subscribers never get their own events back. */
  authorId: string;
  /** A display name for the other side (the agent's name; the customer's). */
  name: string | null;
  typing: boolean;
  at: string;
}

export const typingTopic = (conversationId: string) => `typing:${conversationId}`;

function decode(payload: string | undefined): TypingEvent | null {
  if (!payload) return null;
  try {
    const e = JSON.parse(payload) as TypingEvent;
    return typeof e?.conversationId === 'string' && typeof e.authorId === 'string' && typeof e.typing === 'boolean'
      ? e
      : null;
  } catch {
    return null;
  }
}

/** One LISTEN connection per API process on TYPING_CHANNEL, re-established after a drop, fanned out per topic. */
export class TypingBus {
  readonly events = new TopicPubSub<TypingEvent>();
  private readonly listener: PgListener;

  constructor(databaseUrl: string) {
    this.listener = new PgListener(
      { databaseUrl, channel: TYPING_CHANNEL, applicationName: 'support-api-typing' },
      (payload) => {
        const e = decode(payload);
        if (e && this.events.subscriberCount(typingTopic(e.conversationId)) > 0)
          this.events.publish(typingTopic(e.conversationId), e);
      },
    );
  }

  start(): Promise<void> {
    return this.listener.start();
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }
}

/** `inner` without the values `keep` rejects; return() reaches `inner` at once, even while a next() waits. */
export function filterIterator<T>(inner: AsyncIterableIterator<T>, keep: (v: T) => boolean): AsyncIterableIterator<T> {
  const it: AsyncIterableIterator<T> = {
    next: async () => {
      for (;;) {
        const r = await inner.next();
        if (r.done || keep(r.value)) return r;
      }
    },
    return: () => inner.return?.() ?? Promise.resolve({ value: undefined, done: true }),
    throw: (err?: unknown) => inner.throw?.(err) ?? Promise.reject(err),
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}
