import { batchedById } from './batch-loader';

interface Row {
  id: string;
  body: string;
}

function source(rows: Row[]) {
  const calls: string[][] = [];
  let failNext = false;
  const load = batchedById<Row>(
    async (ids) => {
      calls.push(ids);
      if (failNext) {
        failNext = false;
        throw new Error('connection refused');
      }
      return rows.filter((r) => ids.includes(r.id));
    },
    (r) => r.id,
  );
  return { load, calls, failOnce: () => (failNext = true) };
}

const rows = [
  { id: 'a', body: 'first' },
  { id: 'b', body: 'second' },
  { id: 'c', body: 'third' },
];

it('reads the ids asked for in one turn of the event loop with one call, and gives each caller its row', async () => {
  const s = source(rows);
  const got = await Promise.all([s.load('a'), s.load('c'), s.load('a'), s.load('missing')]);
  expect(got).toEqual([rows[0], rows[2], rows[0], null]);
  expect(s.calls).toEqual([['a', 'c', 'missing']]);
  // Two callers of one id do not share an object: one may decorate what it publishes without the other seeing it.
  expect(got[2]).not.toBe(got[0]);
});

it('reads again for ids asked for after a batch has left', async () => {
  const s = source(rows);
  expect(await s.load('a')).toEqual(rows[0]);
  expect(await s.load('b')).toEqual(rows[1]);
  expect(s.calls).toEqual([['a'], ['b']]);
});

it('fails every caller of a failed batch, and the next batch reads afresh', async () => {
  const s = source(rows);
  s.failOnce();
  const failed = await Promise.allSettled([s.load('a'), s.load('b')]);
  expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  expect(await s.load('b')).toEqual(rows[1]);
  expect(s.calls).toEqual([['a', 'b'], ['b']]);
});
