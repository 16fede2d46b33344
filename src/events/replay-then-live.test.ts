import { TopicPubSub } from './topic-pubsub';
import { replayThenLive } from './replay-then-live';

interface M {
  seq: number;
}

async function take(it: AsyncIterableIterator<M>, n: number): Promise<number[]> {
  const out: number[] = [];
  while (out.length < n) out.push((await it.next()).value.seq);
  return out;
}

it('gives the stored messages, then live ones, with what was published while reading given once', async () => {
  const hub = new TopicPubSub<M>();
  const live = hub.subscribe('t');
  const it = replayThenLive(
    live,
    async () => {
      hub.publish('t', { seq: 3 }); // stored and published while the stored ones were being read
      return [{ seq: 2 }, { seq: 3 }];
    },
    (m) => m.seq,
  );
  const first = take(it, 3);
  await new Promise((r) => setImmediate(r));
  hub.publish('t', { seq: 4 });
  expect(await first).toEqual([2, 3, 4]);
});

it('ends the live subscription when the client leaves', async () => {
  const hub = new TopicPubSub<M>();
  const it = replayThenLive(
    hub.subscribe('t'),
    async () => [],
    (m) => m.seq,
  );
  const pending = it.next();
  await new Promise((r) => setImmediate(r));
  await it.return!();
  expect(await pending).toEqual({ value: undefined, done: true });
  expect(hub.subscriberCount('t')).toBe(0);
});

it('passes an older event announced again: only what it replayed is held back, once', async () => {
  const hub = new TopicPubSub<M>();
  const it = replayThenLive(
    hub.subscribe('t'),
    async () => [{ seq: 5 }],
    (m) => m.seq,
  );
  expect((await it.next()).value.seq).toBe(5);
  const next = take(it, 2);
  await new Promise((r) => setImmediate(r));
  hub.publish('t', { seq: 5 }); // the replayed one, published late: held back
  hub.publish('t', { seq: 1 }); // an older one announced again: passes
  hub.publish('t', { seq: 6 });
  expect(await next).toEqual([1, 6]);
});
