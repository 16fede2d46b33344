import { type CompiledWorkerOptions, type Logger, Worker } from '@temporalio/worker';
import type { WorkflowCreator } from '@temporalio/worker/lib/workflow/interface';
import type { WorkflowBundleWithSourceMapAndFilename } from '@temporalio/worker/lib/workflow/workflow-worker-thread/input';

/**
 * Temporal's Worker with its bound on each call into the workflow sandbox (the SDK's `isolateExecutionTimeout`, 5 s,
 * no longer a public option) set here; null: no bound. The SDK hands the bound to Node's `vm` as `timeout` on every
 * call (3 or 4 per activation), and Node starts a watchdog thread for each such call and joins it when the call
 * returns: on a loaded 2-core machine about 1 ms an activation (README: Performance). Node leaves the watchdog out only
 * when there is no `timeout`, which no SDK option leads to (0 is refused by Node), so this overrides the SDK's
 * protected factory of the sandbox (its extension point for subclasses; the type checker follows its signature
 * across SDK upgrades). Without the bound, a workflow caught in a loop holds the workflow thread, and with it every
 * conversation of this worker, instead of failing its task.
 */
export function workerWithSandboxCallTimeout(timeoutMs: number | null): typeof Worker {
  return class SupportWorker extends Worker {
    protected static override async createWorkflowCreator(
      workflowBundle: WorkflowBundleWithSourceMapAndFilename,
      compiledOptions: CompiledWorkerOptions,
      logger: Logger,
    ): Promise<WorkflowCreator> {
      // `undefined` reaches `vm`'s runInContext as `timeout: undefined`: Node runs the call without a watchdog.
      const isolateExecutionTimeoutMs = (timeoutMs ?? undefined) as number;
      return super.createWorkflowCreator(workflowBundle, { ...compiledOptions, isolateExecutionTimeoutMs }, logger);
    }
  };
}
