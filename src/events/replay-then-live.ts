/**
 * A subscription that first gives what was stored before it started, then live events, each once: the live
 * subscription is taken before the stored ones are read, so nothing committed in between falls into a gap (an event
 * both read and published is given once, by its key).
 */
export function replayThenLive<T>(
  live: AsyncIterableIterator<T>,
  stored: () => Promise<T[]>,
  keyOf: (v: T) => number,
): AsyncIterableIterator<T> {
  let replay: Promise<T[]> | null = null;
  let highest = Number.NEGATIVE_INFINITY;
  const nextLive = async (): Promise<IteratorResult<T>> => {
    for (;;) {
      const r = await live.next();
      if (r.done || keyOf(r.value) > highest) return r;
    }
  };
  const iterator: AsyncIterableIterator<T> = {
    next: async () => {
      replay ??= stored().then((rows) => {
        for (const v of rows) highest = Math.max(highest, keyOf(v));
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
