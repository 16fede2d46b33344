import type { Client } from '@temporalio/client';
import { POLICY_BACKTEST_WORKFLOW_TYPE, type PolicyBacktestInput } from '../../workflows/backtest/backtest.messages';
import { conflict } from '../errors';
import { callTemporal } from './failures';
import { backtestWorkflowId } from './ids';

/** Policy backtests: one workflow per backtest, which never touches a live conversation. */
export class BacktestGateway {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /** The id the backtest's workflow will have: stored with the backtest before the workflow starts. */
  workflowIdOf(backtestId: string): string {
    return backtestWorkflowId(backtestId);
  }

  async startBacktest(input: PolicyBacktestInput): Promise<void> {
    const workflowId = backtestWorkflowId(input.backtestId);
    await callTemporal(
      { operation: 'startBacktest', workflowId, backtestId: input.backtestId },
      () => conflict('this backtest has run already'),
      () =>
        this.client.workflow.start(POLICY_BACKTEST_WORKFLOW_TYPE, {
          workflowId,
          taskQueue: this.taskQueue,
          args: [input],
        }),
    );
  }
}
