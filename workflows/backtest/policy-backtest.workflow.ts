import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  continueAsNew,
  isCancellation,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { ESCALATION_TRIGGERS } from '../../domain/escalation';
import type { CarriedBacktestState, PolicyBacktestInput } from './backtest.messages';
import { type BacktestReportData, emptyTotals, mergeTotals, toReport } from '../../domain/backtest/counts';

// Reading a page is bounded work; a database outage gets a few minutes before the backtest counts as failed.
const read = proxyActivities<Activities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 6 },
});
// The outcome is recorded whatever it took: retried until PostgreSQL answers.
const outcome = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/** Pages through the window from the carried cursor; 'continue' hands the rest to a fresh run. */
async function replayPages(input: PolicyBacktestInput, state: CarriedBacktestState): Promise<'done' | 'continue'> {
  const { backtestId, from, until } = input;
  if (state.total === null) state.total = (await read.countBacktestConversations({ backtestId, from, until })).total;
  for (let pages = 1; ; pages++) {
    const page = await read.replayBacktestPage({
      backtestId,
      from,
      until,
      document: input.document,
      after: state.after,
      limit: input.pageSize,
      processedBefore: state.processed,
      total: state.total,
    });
    state.totals = mergeTotals(state.totals, page.totals);
    state.processed += page.count;
    state.after = page.next;
    if (!page.next) return 'done';
    if (pages >= input.pagesPerRun || workflowInfo().continueAsNewSuggested) return 'continue';
  }
}

/**
 * Replays the turn decisions of the conversations started in a window under a candidate policy, a page at a time
 * (results and progress in PostgreSQL, counters in workflow state). It reads conversation data only: it never
 * signals or updates a conversation's workflow.
 */
export async function policyBacktestWorkflow(input: PolicyBacktestInput): Promise<BacktestReportData> {
  const state: CarriedBacktestState = input.carried ?? {
    after: null,
    processed: 0,
    total: null,
    totals: emptyTotals(),
    run: 1,
  };
  let next: 'done' | 'continue';
  try {
    next = await replayPages(input, state);
  } catch (err) {
    const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
    const message = isCancellation(err) ? 'cancelled' : cause instanceof Error ? cause.message : String(cause);
    await CancellationScope.nonCancellable(() =>
      outcome.failBacktest({ backtestId: input.backtestId, error: message }),
    );
    throw ApplicationFailure.nonRetryable(`backtest failed: ${message}`, 'BACKTEST_FAILED');
  }
  if (next === 'continue') {
    return continueAsNew<typeof policyBacktestWorkflow>({ ...input, carried: { ...state, run: state.run + 1 } });
  }
  const report = toReport(state.totals, ESCALATION_TRIGGERS);
  await outcome.completeBacktest({ backtestId: input.backtestId, processed: state.processed, report });
  return report;
}
