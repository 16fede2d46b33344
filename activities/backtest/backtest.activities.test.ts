import { emptyTotals, toReport } from '../../domain/backtest/counts';
import type { ReplayBacktestPageInput, ReplayBacktestPageResult } from '../../workflows/backtest/backtest.messages';
import { activityEnv, demoPolicy } from '../../test/support/activity-env';
import { createBacktestActivities } from './backtest.activities';

const window = { backtestId: 'b-1', from: '2026-01-01T00:00:00Z', until: '2026-02-01T00:00:00Z' };

/** The backtest's store as the activities see it: every call recorded, a page answered as the test says. */
function setup(page: (input: ReplayBacktestPageInput) => ReplayBacktestPageResult) {
  const calls: Array<[string, unknown]> = [];
  const activities = createBacktestActivities({
    countConversations: async (w) => {
      calls.push(['count', w]);
      return 42;
    },
    replayPage: async (input) => {
      calls.push(['replayPage', input]);
      return page(input);
    },
    complete: async (input) => void calls.push(['complete', input]),
    fail: async (input) => void calls.push(['fail', input]),
  });
  return { activities, calls, env: activityEnv() };
}

describe('backtest activities', () => {
  it('count the window, replay a page from the cursor, and finish the backtest through the store', async () => {
    const totals = { ...emptyTotals(), conversations: 2, turns: 3 };
    const { activities, calls, env } = setup((input) => ({
      count: 2,
      next: input.after ? null : { createdAt: '2026-01-02T00:00:00Z', id: 'c-2' },
      totals,
    }));
    expect(await env.run(activities.countBacktestConversations, window)).toEqual({ total: 42 });
    const first: ReplayBacktestPageInput = {
      ...window,
      document: demoPolicy(),
      after: null,
      limit: 2,
      processedBefore: 0,
      total: 42,
    };
    expect(await env.run(activities.replayBacktestPage, first)).toEqual({
      count: 2,
      next: { createdAt: '2026-01-02T00:00:00Z', id: 'c-2' },
      totals,
    });
    const report = toReport(totals, []);
    await env.run(activities.completeBacktest, { backtestId: 'b-1', processed: 2, report });
    await env.run(activities.failBacktest, { backtestId: 'b-1', error: 'replay failed' });
    expect(calls).toEqual([
      ['count', window],
      ['replayPage', first],
      ['complete', { backtestId: 'b-1', processed: 2, report }],
      ['fail', { backtestId: 'b-1', error: 'replay failed' }],
    ]);
  });

  it('let a failing page fail the attempt, unchanged, so Temporal retries it (progress is set, not added)', async () => {
    const outage = new Error('connection terminated');
    const { activities, env } = setup(() => {
      throw outage;
    });
    const input: ReplayBacktestPageInput = {
      ...window,
      document: demoPolicy(),
      after: null,
      limit: 2,
      processedBefore: 4,
      total: 42,
    };
    expect(await env.failure(activities.replayBacktestPage, input)).toBe(outage);
  });
});
