import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { freePort } from '../src/net';
import { repoRoot } from '../src/paths';
import { provisionTemporalCli, startDevServer } from '../src/temporal/dev-server';
import { baselineActivities } from './baseline/baseline.activities';
import { bumpUpdate } from './baseline/baseline.workflow';
import { InspectedProcess } from './inspector';
import { pool, progress, sleep } from './report';
import { rssBytes } from './system';
import { allocator } from './allocator';

/**
 * What Temporal itself costs per cached workflow: bench/idle-memory.ts's measure, on the raw baseline workflow (one
 * Update running one local activity, then waiting), in a worker process of its own with a cache above `IDLE_N`.
 *
 *   npx tsc -p bench/tsconfig.json && IDLE_N=1000 node dist/bench/idle-baseline.js
 */
const N = Number(process.env.IDLE_N ?? 1000);
const KB = 1024;

async function runWorker(address: string, taskQueue: string): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('./baseline/baseline.workflow'),
    logger: new DefaultLogger('WARN'),
  });
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue,
    workflowBundle: { code },
    activities: baselineActivities,
    maxCachedWorkflows: N + 1000,
  });
  process.stdout.write('baseline worker ready\n');
  await worker.run();
}

async function main(): Promise<void> {
  const dir = path.join(repoRoot(), '.data', 'idle-baseline', String(process.pid));
  mkdirSync(dir, { recursive: true });
  const temporal = await startDevServer({
    cliPath: provisionTemporalCli(process.env.TEMPORAL_CLI_PATH),
    port: await freePort(),
    dbFile: path.join(dir, 'temporal.db'),
    headless: true,
  });
  const taskQueue = `idle-baseline-${process.pid}`;
  const inspectPort = await freePort();
  const child = spawn(
    process.execPath,
    [`--inspect=127.0.0.1:${inspectPort}`, __filename, 'worker', temporal.address, taskQueue],
    { env: { ...process.env, ...allocator().env, IDLE_N: String(N) }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => String(d).includes('ready') && resolve());
      child.once('exit', (c) => reject(new Error(`baseline worker exited with ${c}`)));
    });
    const connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection });
    const open = (n: number) =>
      pool(n, 25, async () => {
        await client.workflow.executeUpdateWithStart(bumpUpdate, {
          args: [{ by: 1 }],
          startWorkflowOperation: new WithStartWorkflowOperation('baselineWorkflow', {
            workflowId: `idle-baseline-${randomUUID()}`,
            taskQueue,
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        });
      });
    const inspected = await InspectedProcess.connect(inspectPort);
    await open(20);
    await sleep(3000);
    const rss0 = rssBytes(child.pid!);
    await inspected.collectGarbage();
    const rss0gc = rssBytes(child.pid!);
    const heaps0 = await inspected.heaps();
    progress(`opening ${N} baseline workflows`);
    await open(N);
    await sleep(3000);
    const rss1 = rssBytes(child.pid!);
    await inspected.collectGarbage();
    await sleep(500);
    const rss1gc = rssBytes(child.pid!);
    const heaps1 = await inspected.heaps();
    const per = (a: number, b: number) => Math.round((b - a) / N / KB);
    process.stdout.write(
      `${JSON.stringify(
        {
          workflows: N,
          rssKbPerWorkflow: per(rss0, rss1),
          rssKbPerWorkflowAfterGc: per(rss0gc, rss1gc),
          heapKbPerWorkflow: Object.fromEntries(heaps1.map((h, i) => [h.title, per(heaps0[i].usedBytes, h.usedBytes)])),
        },
        null,
        2,
      )}\n`,
    );
    inspected.close();
    await connection.close();
  } finally {
    child.kill('SIGKILL');
    await temporal.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'worker') {
  runWorker(process.argv[3], process.argv[4]).catch((err) => {
    process.stderr.write(`baseline worker: ${String(err)}\n`);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    progress(`idle-baseline: ${String(err)}`);
    process.exit(1);
  });
}
