/**
 * In-process topic fan-out with back-pressure-free async iterators (one queue per subscriber). Implements the
 * PubSub shape type-graphql expects; events reach it from PostgreSQL LISTEN (see hub.ts).
 */
export class TopicPubSub<T> {
  private readonly topics = new Map<string, Set<(v: T) => void>>();

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
    const push = (v: T) => {
      if (waiting) {
        const w = waiting;
        waiting = null;
        w({ value: v, done: false });
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
