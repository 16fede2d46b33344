/**
 * A subscription that first gives what was stored before it started, then live events, each once: the live
 * subscription is taken before the stored ones are read, so nothing committed in between falls into a gap, and an
 * event both read and published is given once, by its key. Other live events pass as they come (an older one
 * announced again still reaches the client, which orders by key).
 */
export function replayThenLive<T>(
  live: AsyncIterableIterator<T>,
  stored: () => Promise<T[]>,
  keyOf: (v: T) => number,
): AsyncIterableIterator<T> {
  let replay: Promise<T[]> | null = null;
  const replayed = new Set<number>();
  const nextLive = async (): Promise<IteratorResult<T>> => {
    for (;;) {
      const r = await live.next();
      if (r.done || !replayed.delete(keyOf(r.value))) return r;
    }
  };
  const iterator: AsyncIterableIterator<T> = {
    next: async () => {
      replay ??= stored().then((rows) => {
        for (const v of rows) replayed.add(keyOf(v));
        return rows;
      });
      const rows = await replay;
      if (rows.length > 0) return { value: rows.shift()!, done: false };
      return nextLive();
    },
    return: () => live.return?.() ?? Promise.resolve({ value: undefined, done: true }),
    throw: (err?: unknown) => live.throw?.(err) ?? Promise.reject(err),
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
