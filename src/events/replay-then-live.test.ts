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
