import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { badInput } from '../errors';
import { classifyTemporalFailure, toAppError } from './failures';

/**
 * What erasing a customer (or a conversation past retention) asks of Temporal: whether a workflow still runs, wait
 * for a closed conversation's workflow to finish, and end the learning loops that quote an erased conversation.
 */
export class LifecycleGateway {
  constructor(private readonly client: Client) {}

  /** True while the workflow's latest run is open (false when it ended or never existed). */
  async isRunning(workflowId: string): Promise<boolean> {
    try {
      const d = await this.client.workflow.getHandle(workflowId).describe();
      return d.status.name === 'RUNNING';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  /**
   * Waits until the workflow has ended (a closed conversation finishes its handlers and completes), at most
   * `timeoutMs`; answers whether it did.
   */
  async awaitEnded(workflowId: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!(await this.isRunning(workflowId))) return true;
      await new Promise((r) => setTimeout(r, 200));
    }
    return !(await this.isRunning(workflowId));
  }

  /** Ends a workflow whose data is being erased (a learning loop quoting the conversation); gone already is fine. */
  async terminate(workflowId: string, reason: string): Promise<void> {
    try {
      await this.client.workflow.getHandle(workflowId).terminate(reason);
    } catch (err) {
      if (classifyTemporalFailure(err).kind === 'ended') return;
      throw toAppError(err, { operation: 'terminateForErasure', workflowId }, () => badInput('workflow ended'));
    }
  }
}
