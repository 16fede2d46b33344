import type { Client } from '@temporalio/client';
import { BacktestGateway } from './backtest-gateway';
import { ConversationGateway } from './conversation-gateway';
import { KnowledgeGateway } from './knowledge-gateway';
import { LifecycleGateway } from './lifecycle-gateway';
import { PolicyGateway } from './policy-gateway';

export { BacktestGateway, ConversationGateway, KnowledgeGateway, LifecycleGateway, PolicyGateway };

/**
 * The one way the application reaches Temporal's workflows: each service receives the part it needs. Workflow ids,
 * update ids, task queue, search attributes and the mapping of failures to our error codes live behind it.
 */
export interface TemporalGateway {
  conversations: ConversationGateway;
  knowledge: KnowledgeGateway;
  backtests: BacktestGateway;
  policies: PolicyGateway;
  /** Erasure and retention: whether workflows still run, waiting for them to end, ending learning loops. */
  lifecycle: LifecycleGateway;
  /** For /healthz: resolves when the Temporal frontend answers. */
  ping(): Promise<void>;
}

export function createTemporalGateway(
  client: Client,
  opts: { taskQueue: string; callTimeoutMs: number; workflowTaskTimeoutMs?: number },
): TemporalGateway {
  return {
    conversations: new ConversationGateway(client, opts.taskQueue, opts.callTimeoutMs, opts.workflowTaskTimeoutMs),
    knowledge: new KnowledgeGateway(client),
    backtests: new BacktestGateway(client, opts.taskQueue),
    policies: new PolicyGateway(client, opts.taskQueue),
    lifecycle: new LifecycleGateway(client),
    ping: async () => void (await client.connection.workflowService.getSystemInfo({})),
  };
}
