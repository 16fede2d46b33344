import { rateLimited } from '../errors';

/** Events one subscriber may have waiting; a client that reads slower than that is cut off (it back-fills later). */
export const MAX_QUEUED_EVENTS = 1000;

/**
 * In-process topic fan-out with async iterators (one bounded queue per subscriber). Implements the PubSub shape
 * type-graphql expects; events reach it from PostgreSQL LISTEN (see hub.ts). A subscriber whose queue is full (its
 * WebSocket stopped reading) ends with RATE_LIMITED instead of growing the API's memory.
 */
export class TopicPubSub<T> {
  private readonly topics = new Map<string, Set<(v: T) => void>>();

  constructor(private readonly maxQueued = MAX_QUEUED_EVENTS) {}

  publish(topic: string, value: T): void {
    for (const push of this.topics.get(topic) ?? []) push(value);
  }

  topicNames(): string[] {
    return [...this.topics.keys()];
  }

  subscriberCount(topic: string): number {
    return this.topics.get(topic)?.size ?? 0;
  }

  subscribe(topic: string): AsyncIterableIterator<T> {
    const queue: T[] = [];
    let waiting: ((r: IteratorResult<T>) => void) | null = null;
    let done = false;
    let overflowed = false;
    const push = (v: T) => {
      if (waiting) {
        const w = waiting;
        waiting = null;
        w({ value: v, done: false });
      } else if (queue.length >= this.maxQueued) {
        overflowed = true;
        finish();
      } else queue.push(v);
    };
    const subs = this.topics.get(topic) ?? new Set();
    subs.add(push);
    this.topics.set(topic, subs);
    const finish = (): IteratorResult<T> => {
      done = true;
      subs.delete(push);
      if (subs.size === 0) this.topics.delete(topic);
      if (waiting) waiting({ value: undefined, done: true });
      waiting = null;
      queue.length = 0;
      return { value: undefined, done: true };
    };
    const iterator: AsyncIterableIterator<T> = {
      next: () => {
        if (overflowed) {
          overflowed = false;
          return Promise.reject(
            rateLimited(
              `this subscription fell more than ${this.maxQueued} events behind; resubscribe and back-fill`,
              1,
            ),
          );
        }
        if (queue.length > 0) return Promise.resolve({ value: queue.shift()!, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (waiting = resolve));
      },
      return: () => Promise.resolve(finish()),
      throw: (err?: unknown) => {
        finish();
        return Promise.reject(err);
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}
