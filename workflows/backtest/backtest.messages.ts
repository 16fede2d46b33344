/** The policy backtest workflow's input and the activities' inputs: imported by the API, the workflow and the worker. */
import type { EscalationPolicyDocument } from '../../domain/escalation';
import type { BacktestCursor, BacktestReportData, BacktestTotals } from '../../domain/backtest/counts';

export const POLICY_BACKTEST_WORKFLOW_TYPE = 'policyBacktestWorkflow';

/** What one run carries into the next (continue-as-new): a cursor and counters, never the conversations. */
export interface CarriedBacktestState {
  after: BacktestCursor | null;
  processed: number;
  total: number | null;
  totals: BacktestTotals;
  run: number;
}

export interface PolicyBacktestInput {
  backtestId: string;
  document: EscalationPolicyDocument;
  /** Conversations started in [from, until): until is the requested end, or the time of the request if earlier. */
  from: string;
  until: string;
  pageSize: number;
  /** Continue-as-new after this many pages (or earlier when Temporal suggests it). */
  pagesPerRun: number;
  carried?: CarriedBacktestState;
}

export interface BacktestWindow {
  backtestId: string;
  from: string;
  until: string;
}

export interface ReplayBacktestPageInput extends BacktestWindow {
  document: EscalationPolicyDocument;
  after: BacktestCursor | null;
  limit: number;
  /** Conversations read by earlier pages: progress is set (not incremented), so a retried page counts once. */
  processedBefore: number;
  total: number;
}

export interface ReplayBacktestPageResult {
  count: number;
  /** Null: this was the last page. */
  next: BacktestCursor | null;
  totals: BacktestTotals;
}

export interface CompleteBacktestInput {
  backtestId: string;
  processed: number;
  report: BacktestReportData;
}

export interface FailBacktestInput {
  backtestId: string;
  error: string;
}
