import type { BacktestStore } from '../../src/services/backtest-store';
import type {
  BacktestWindow,
  CompleteBacktestInput,
  FailBacktestInput,
  ReplayBacktestPageInput,
  ReplayBacktestPageResult,
} from '../../workflows/backtest/backtest.messages';

/** The policy backtest's side effects: read conversations and their audit trail, write the backtest's rows only. */
export function createBacktestActivities(
  store: Pick<BacktestStore, 'countConversations' | 'replayPage' | 'complete' | 'fail'>,
) {
  return {
    /** How many conversations the window holds (the denominator of progress). */
    async countBacktestConversations(input: BacktestWindow): Promise<{ total: number }> {
      return { total: await store.countConversations(input) };
    },
    /** Replays one page under the candidate, stores its changed conversations and the progress, publishes it. */
    async replayBacktestPage(input: ReplayBacktestPageInput): Promise<ReplayBacktestPageResult> {
      return store.replayPage(input);
    },
    async completeBacktest(input: CompleteBacktestInput): Promise<void> {
      await store.complete(input);
    },
    async failBacktest(input: FailBacktestInput): Promise<void> {
      await store.fail(input);
    },
  };
}
