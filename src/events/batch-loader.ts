/**
 * Loads by id, many at once: the ids asked for in one turn of the event loop (a burst of notifications arrives in
 * one read of the LISTEN socket) are read with one `loadMany` call after it, instead of one statement each. Each
 * caller gets its own row or null (callers of the same id each get their own copy, as separate reads gave them); a
 * failed read fails every caller of that batch.
 */
export function batchedById<T>(
  loadMany: (ids: string[]) => Promise<T[]>,
  idOf: (row: T) => string,
): (id: string) => Promise<T | null> {
  type Batch = Map<string, Array<{ resolve: (row: T | null) => void; reject: (err: unknown) => void }>>;
  let pending: Batch | null = null;

  const flush = (batch: Batch) => {
    loadMany([...batch.keys()]).then(
      (rows) => {
        const byId = new Map(rows.map((r) => [idOf(r), r]));
        for (const [id, waiting] of batch) {
          const row = byId.get(id) ?? null;
          waiting.forEach((w, k) => w.resolve(row && k > 0 ? copyOf(row) : row));
        }
      },
      (err: unknown) => {
        for (const waiting of batch.values()) for (const w of waiting) w.reject(err);
      },
    );
  };

  return (id) =>
    new Promise<T | null>((resolve, reject) => {
      if (!pending) {
        const batch: Batch = new Map();
        pending = batch;
        setImmediate(() => {
          pending = null;
          flush(batch);
        });
      }
      const waiting = pending.get(id);
      if (waiting) waiting.push({ resolve, reject });
      else pending.set(id, [{ resolve, reject }]);
    });
}

function copyOf<T>(row: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(row) as object) as T & object, row);
}
