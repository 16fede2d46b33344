import { randomUUID } from 'node:crypto';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { benchCodec } from '../codec';
import { cpuMsPer, inParallel, percentiles, progress, type Percentiles } from '../report';
import { baselineActivities } from './baseline.activities';
import { benchCpuSeconds, cpuSeconds, postgresCpuSeconds } from '../system';
import { bumpUpdate } from './baseline.workflow';

export interface BaselineResult {
  updateLocalActivityMs: Record<string, Percentiles>;
  updateWithStartMs: Record<string, Percentiles>;
  updatesPerSecond: Record<string, number>;
  updatesPerSecondC50: number;
  /** update-with-start of fresh workflows per second, at the concurrency our startConversation is measured at. */
  startsPerSecond: number;
  startsConcurrency: number;
  /** History events one Update (with its local activity) adds, counted on a c1 workflow. */
  historyEventsPerUpdate: number;
  /** CPU ms per raw start by process (the dev server; this process: the client and the raw worker; PostgreSQL). */
  startCpuMs: Record<string, number>;
}

export interface BaselineOptions {
  temporalAddress: string;
  /** The dev server's process: its CPU per raw start is read. */
  temporalPid: number;
  /** The database of the bench's key store: the baseline encrypts its payloads with our codec, as ours does. */
  databaseUrl: string;
  concurrencies: number[];
  /** Measured time per concurrency, after a short warm-up. */
  durationMs: number;
  /** update-with-start calls per concurrency. */
  startsPerLevel: number;
  /** The start-rate measurement: this many update-with-start calls, `startsConcurrency` at a time. */
  startsTotal: number;
  startsConcurrency: number;
}

/**
 * Raw Temporal on the same server: a minimal worker in this process (its own task queue) and a client sending
 * Updates, each running one local activity, to `c` workflows at once; and update-with-start of fresh workflows. Both
 * encrypt their payloads with our codec (the deployment's key: these workflows belong to no customer).
 */
let runtimeInstalled = false;
let runs = 0;

export async function runBaseline(opts: BaselineOptions): Promise<BaselineResult> {
  // Once per process: the bench runs the baseline again beside the sustained phase.
  if (!runtimeInstalled) Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
  const run = ++runs;
  const taskQueue = `bench-baseline-${process.pid}-${run}`;
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('./baseline.workflow'),
    logger: new DefaultLogger('WARN'),
  });
  const { codec, close } = benchCodec(opts.databaseUrl);
  const dataConverter = { payloadCodecs: [codec] };
  const nativeConnection = await NativeConnection.connect({ address: opts.temporalAddress });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: { code },
    activities: baselineActivities,
    dataConverter,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: opts.temporalAddress });
  const client = new Client({ connection, dataConverter });
  const result: BaselineResult = {
    updateLocalActivityMs: {},
    updateWithStartMs: {},
    updatesPerSecond: {},
    updatesPerSecondC50: NaN,
    startsPerSecond: NaN,
    startsConcurrency: opts.startsConcurrency,
    historyEventsPerUpdate: NaN,
    startCpuMs: {},
  };
  const updateWithStart = () =>
    client.workflow.executeUpdateWithStart(bumpUpdate, {
      args: [{ by: 1 }],
      startWorkflowOperation: new WithStartWorkflowOperation('baselineWorkflow', {
        workflowId: `baseline-uws-${randomUUID()}`,
        taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
  try {
    for (const c of opts.concurrencies) {
      const handles = await inParallel(c, (i) =>
        client.workflow.start('baselineWorkflow', {
          taskQueue,
          workflowId: `baseline-${process.pid}-r${run}-c${c}-${i}`,
        }),
      );
      const samples: number[] = [];
      const warmUntil = Date.now() + Math.min(1500, opts.durationMs / 4);
      let endAt = Infinity;
      let measuredStart = 0;
      let measuredCount = 0;
      const historyBefore = c === 1 ? ((await handles[0].describe()).historyLength ?? 0) : 0;
      let updatesSent = 0;
      await inParallel(c, async (i) => {
        for (;;) {
          const t0 = performance.now();
          await handles[i].executeUpdate(bumpUpdate, { args: [{ by: 1 }] });
          updatesSent++;
          const now = Date.now();
          if (now >= warmUntil) {
            if (measuredStart === 0) {
              measuredStart = performance.now();
              endAt = now + opts.durationMs;
            } else {
              samples.push(performance.now() - t0);
              measuredCount++;
            }
          }
          if (now >= endAt) break;
        }
      });
      const elapsedS = (performance.now() - measuredStart) / 1000;
      if (c === 1) {
        const historyAfter = (await handles[0].describe()).historyLength ?? 0;
        result.historyEventsPerUpdate = Math.round(((historyAfter - historyBefore) / updatesSent) * 10) / 10;
      }
      result.updateLocalActivityMs[`c${c}`] = percentiles(samples);
      result.updatesPerSecond[`c${c}`] = Math.round(measuredCount / elapsedS);
      progress(
        `baseline update+local activity c${c}: p50 ${result.updateLocalActivityMs[`c${c}`].p50} ms, ${result.updatesPerSecond[`c${c}`]} updates/s`,
      );

      const starts: number[] = [];
      let done = 0;
      await inParallel(c, async () => {
        while (done < opts.startsPerLevel) {
          done++;
          const t0 = performance.now();
          await updateWithStart();
          starts.push(performance.now() - t0);
        }
      });
      result.updateWithStartMs[`c${c}`] = percentiles(starts.slice(Math.min(c, Math.floor(starts.length / 5))));
      progress(`baseline update-with-start c${c}: p50 ${result.updateWithStartMs[`c${c}`].p50} ms`);
    }
    result.updatesPerSecondC50 = result.updatesPerSecond.c50 ?? NaN;
    let started = 0;
    const cpu = () => ({
      temporal: cpuSeconds(opts.temporalPid),
      bench: benchCpuSeconds(),
      postgres: postgresCpuSeconds(),
    });
    const cpu0 = cpu();
    const s0 = performance.now();
    await inParallel(opts.startsConcurrency, async () => {
      while (started < opts.startsTotal) {
        started++;
        await updateWithStart();
      }
    });
    result.startsPerSecond = Math.round((started / ((performance.now() - s0) / 1000)) * 10) / 10;
    result.startCpuMs = cpuMsPer(cpu0, cpu(), started);
    progress(`baseline update-with-start: ${result.startsPerSecond} starts/s at ${opts.startsConcurrency} concurrent`);
    return result;
  } finally {
    worker.shutdown();
    await running.catch(() => undefined);
    await connection.close().catch(() => undefined);
    await nativeConnection.close().catch(() => undefined);
    await close().catch(() => undefined);
  }
}
