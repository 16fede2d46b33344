import { Arg, Authorized, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { BacktestEntity } from '../../src/db/entities';
import { forbidden, notFound } from '../../src/errors';
import { backtestTopic } from '../../src/events/hub';
import { principalOf, type GraphQLContext } from '../context';
import { BacktestGQL, toBacktestGQL } from './backtest.type';

interface SubscribeData {
  args: { id: string };
  context: GraphQLContext;
}

const ended = (b: BacktestEntity) => b.status !== 'RUNNING';

/**
 * The backtest as it is now, then after every page it replays; the stream ends once it is COMPLETED or FAILED (so
 * a subscriber that arrives late still sees how it ended).
 */
function followBacktest(
  current: BacktestEntity,
  source: AsyncIterableIterator<BacktestEntity>,
): AsyncIterableIterator<BacktestEntity> {
  let first: BacktestEntity | null = current;
  let done = ended(current);
  const stop = async (): Promise<IteratorResult<BacktestEntity>> => {
    done = true;
    await source.return?.();
    return { value: undefined, done: true };
  };
  const iterator: AsyncIterableIterator<BacktestEntity> = {
    next: async () => {
      if (first) {
        const value = first;
        first = null;
        if (done) await source.return?.();
        return { value, done: false };
      }
      if (done) return { value: undefined, done: true };
      const r = await source.next();
      if (r.done) return r;
      if (ended(r.value)) await stop();
      return { value: r.value, done: false };
    },
    return: stop,
    throw: async (err?: unknown) => {
      await stop();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

@Resolver()
export class BacktestSubscriptions {
  @Authorized('admin')
  @Subscription(() => BacktestGQL, {
    description: 'A policy backtest now, then after each page it replays, until it is COMPLETED or FAILED (admins)',
    subscribe: async ({ args, context }: SubscribeData) => {
      // subscribe runs before @Authorized can: admins only, checked here.
      if (principalOf(context).role !== 'admin') throw forbidden('policy backtests are for admins');
      // Subscribe first, then read: no update between the read and the subscription is lost.
      const source = context.services.events.backtests.subscribe(backtestTopic(args.id));
      const current = await context.services.backtests.byId(args.id);
      if (!current) {
        await source.return?.();
        throw notFound('backtest');
      }
      return followBacktest(current, source);
    },
  })
  backtestProgress(
    @Arg('id', () => ID, { description: 'The backtest to follow' }) _id: string,
    @Root() backtest: BacktestEntity,
  ): BacktestGQL {
    return toBacktestGQL(backtest);
  }
}
