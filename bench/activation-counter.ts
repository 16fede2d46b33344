import { writeFileSync } from 'node:fs';
import vm from 'node:vm';
import { promiseHooks } from 'node:v8';
import { isMainThread } from 'node:worker_threads';

/**
 * BENCH_ACTIVATIONS=1: loaded into the bench's worker with `--require` (node runs preloads in worker threads too),
 * it counts, in the SDK's workflow thread, the calls into the workflow sandbox (each one pays the watchdog of
 * `isolateExecutionTimeout`: a thread started and joined by Node), the activations and their jobs by kind, the wall
 * time of each activation (first call to concludeActivation) and the promises created meanwhile, by its jobs' kinds
 * (a local activity's result apart from a normal one's), and writes the totals to BENCH_ACTIVATIONS_FILE every 100 ms.
 * bench/paths.ts also preloads it into its own process, for the raw worker's. A measuring aid only: never loaded by
 * the product.
 */
export interface ActivationCounts {
  /** Calls into the sandbox by SDK function (activate, concludeActivation, tryUnblockConditions, …). */
  calls: Record<string, number>;
  activations: number;
  /** Activation jobs by kind (doUpdate, resolveActivity, fireTimer, …). */
  jobs: Record<string, number>;
  /** Wall time spent inside the sandbox calls, ms, by SDK function. */
  callMs?: Record<string, number>;
  /** Wall time from an activation's first sandbox call to its concludeActivation, ms, and count, by job kinds. */
  activationMs?: Record<string, [number, number]>;
  /** Promises created in the workflow thread during activations, by job kinds. */
  activationPromises?: Record<string, number>;
}

const file = process.env.BENCH_ACTIVATIONS_FILE;
if (!isMainThread && file) {
  const counts: ActivationCounts = {
    calls: {},
    activations: 0,
    jobs: {},
    callMs: {},
    activationMs: {},
    activationPromises: {},
  };
  let promises = 0;
  promiseHooks.onInit(() => void promises++);
  let current: { key: string; t0: number } | null = null;
  const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  const run = vm.Script.prototype.runInContext;
  vm.Script.prototype.runInContext = function (
    this: vm.Script,
    context: vm.Context,
    options?: vm.RunningScriptOptions,
  ) {
    // The SDK's reusable context passes [holder, function name, arguments] in __temporal_args for each call.
    const args = (context as { __temporal_args?: [unknown, string, unknown[]] }).__temporal_args;
    if (args && typeof args[1] === 'string') {
      bump(counts.calls, args[1]);
      if (args[1] === 'activate') {
        counts.activations++;
        const jobs = (args[2]?.[0] as { jobs?: Array<Record<string, unknown>> } | undefined)?.jobs ?? [];
        const kinds: string[] = [];
        for (const job of jobs)
          for (const [k, v] of Object.entries(job))
            if (v != null) {
              bump(counts.jobs, k);
              kinds.push(k === 'resolveActivity' && (v as { isLocal?: boolean }).isLocal ? 'resolveLocalActivity' : k);
            }
        current = { key: kinds.sort().join('+'), t0: performance.now() };
        promises = 0;
      }
    }
    const t0 = performance.now();
    try {
      return run.call(this, context, options);
    } finally {
      if (args && typeof args[1] === 'string') {
        const ms = counts.callMs!;
        ms[args[1]] = (ms[args[1]] ?? 0) + performance.now() - t0;
        if (args[1] === 'concludeActivation' && current) {
          const a = (counts.activationMs![current.key] ??= [0, 0]);
          a[0] += performance.now() - current.t0;
          a[1]++;
          counts.activationPromises![current.key] = (counts.activationPromises![current.key] ?? 0) + promises;
          current = null;
        }
      }
    }
  };
  setInterval(() => writeFileSync(file, JSON.stringify(counts)), 100).unref();
}
