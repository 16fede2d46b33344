import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as PgClient } from 'pg';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { conversationWorkflowId, customerMessageUpdateId } from '../src/temporal/ids';
import { conversationStateQuery, sendCustomerMessageUpdate } from '../workflows/conversation/conversation.messages';
import type { ActivationCounts } from './activation-counter';
import { baselineActivities } from './baseline/baseline.activities';
import { bumpUpdate, checkedUpdate, countQuery, plainUpdate } from './baseline/paths.workflow';
import { benchCodec } from './codec';
import { BenchContext } from './conversations';
import { InspectedProcess } from './inspector';
import { questionFor } from './questions';
import { percentiles, progress } from './report';
import { cpuSeconds, startSystem } from './system';

/**
 * `node dist/bench/paths.js` (after `npm run bench` or `tsc -p bench/tsconfig.json`): where an acknowledgement's time
 * goes, part by part, against raw Temporal on the same stack, at one conversation. Each round takes turns between
 * kinds of round trip (PATHS_KINDS, comma-separated; all by default) from one client of this process:
 *
 * - rawLA, rawPlain, rawReject, rawQuery: a raw workflow (worker in this process) answering an Update with a local
 *   activity (the bench's baseline), the same Update without one, an Update its validator rejects, a query;
 * - ourQuery, ourReject: the same against a conversation (a query; a message its validator rejects);
 * - ourSend: a customer message as a direct Update (then its AI answer is awaited); httpSend: through sendMessage.
 *
 * Printed per round: each kind's p50; with BENCH_ACTIVATIONS=1 the worker's activations by job kinds (wall ms inside
 * the sandbox and promises created, each), and with this process started with `--require
 * ./dist/bench/activation-counter.js` and BENCH_ACTIVATIONS_FILE the raw worker's likewise; the worker's CPU and
 * activity means per message. At the end, from the histories, each Update's workflow task as the server saw it
 * (started → completed: the worker's share). PATHS_PROFILE=<prefix>: a CPU profile of each of the worker's threads
 * over the rounds (<prefix>-<thread>.cpuprofile). PATHS_ROUNDS (3), PATHS_N (20 of each kind a round).
 */
type Counts = ActivationCounts | null;

function activationsBetween(a: Counts, b: Counts): Record<string, string> {
  const out: Record<string, string> = {};
  if (!a || !b) return out;
  for (const [k, [ms, n]] of Object.entries(b.activationMs ?? {})) {
    const [ms0, n0] = a.activationMs?.[k] ?? [0, 0];
    if (n <= n0) continue;
    const promises = ((b.activationPromises?.[k] ?? 0) - (a.activationPromises?.[k] ?? 0)) / (n - n0);
    out[k] = `${((ms - ms0) / (n - n0)).toFixed(2)} ms x${n - n0}, ${promises.toFixed(0)} promises`;
  }
  return out;
}

const readCounts = (file: string | null | undefined): Counts =>
  file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ActivationCounts) : null;

/** Per activity type: [sum s, count] of successful attempts, from the worker's /metrics. */
async function activitySums(url: string): Promise<Record<string, [number, number]>> {
  const text = await (await fetch(url)).text();
  const get = (type: string, what: string) =>
    Number(
      new RegExp(
        `^support_activity_duration_seconds_${what}\\{[^}]*activity_type="${type}"[^}]*outcome="ok"[^}]*\\} (\\S+)$`,
        'm',
      ).exec(text)?.[1] ?? 0,
    );
  return Object.fromEntries(
    ['persistMessage', 'recordAiTurn', 'generateAiReply'].map((t) => [t, [get(t, 'sum'), get(t, 'count')]]),
  );
}

/** The workflow tasks that accepted an Update: started → completed, as the server stamped them (last 60). */
async function updateTaskMs(handle: WorkflowHandle): Promise<number> {
  const T = temporal.api.enums.v1.EventType;
  const events = (await handle.fetchHistory()).events ?? [];
  const ms = (e: (typeof events)[number]) => Number(e.eventTime!.seconds) * 1000 + (e.eventTime!.nanos ?? 0) / 1e6;
  const out: number[] = [];
  for (let i = 1; i < events.length - 1; i++) {
    if (events[i].eventType !== T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) continue;
    if (events[i + 1].eventType !== T.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) continue;
    out.push(ms(events[i]) - ms(events[i - 1]));
  }
  return percentiles(out.slice(-60)).p50;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const rounds = Number(process.env.PATHS_ROUNDS ?? 3);
  const n = Number(process.env.PATHS_N ?? 20);
  const sys = await startSystem();
  const pg = new PgClient({ connectionString: sys.databaseUrl, application_name: 'support-bench' });
  await pg.connect();
  const ctx = new BenchContext(sys, pg, true);
  const { codec, close } = benchCodec(sys.databaseUrl);
  const dataConverter = { payloadCodecs: [codec] };
  let connection: Connection | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  try {
    const [conv] = await ctx.prestart(1);
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('./baseline/paths.workflow'),
      logger: new DefaultLogger('WARN'),
    });
    const taskQueue = `bench-paths-${process.pid}`;
    worker = await Worker.create({
      connection: await NativeConnection.connect({ address: sys.temporalAddress }),
      taskQueue,
      workflowBundle: { code },
      activities: baselineActivities,
      dataConverter,
    });
    running = worker.run();
    connection = await Connection.connect({ address: sys.temporalAddress });
    const client = new Client({ connection, dataConverter });
    const ours = client.workflow.getHandle(conversationWorkflowId(conv.id));
    const raw = await client.workflow.start('pathsWorkflow', { taskQueue, workflowId: `bench-paths-${process.pid}` });
    let k = 1000;
    const message = () => {
      const clientMessageId = randomUUID();
      return {
        args: [{ clientMessageId, body: questionFor(conv.topicOffset, k++) }] as const,
        updateId: customerMessageUpdateId(clientMessageId),
      };
    };
    // Each returns the acknowledgement's time; the sends then wait for their answer (the next turn starts idle).
    const timed = async (f: () => Promise<unknown>) => {
      const t0 = performance.now();
      await f();
      return performance.now() - t0;
    };
    const kinds: Record<string, () => Promise<number>> = {
      rawLA: () => timed(() => raw.executeUpdate(bumpUpdate, { args: [{ by: 1 }] })),
      rawPlain: () => timed(() => raw.executeUpdate(plainUpdate, { args: [{ by: 1 }] })),
      rawReject: () => timed(() => raw.executeUpdate(checkedUpdate, { args: [{ by: -1 }] }).catch(() => 0)),
      rawQuery: () => timed(() => raw.query(countQuery)),
      ourQuery: () => timed(() => ours.query(conversationStateQuery)),
      ourReject: () =>
        timed(() =>
          ours
            .executeUpdate(sendCustomerMessageUpdate, {
              args: [{ clientMessageId: randomUUID(), body: '' }],
              updateId: randomUUID(),
            })
            .catch(() => 0),
        ),
      ourSend: async () => {
        const t0 = performance.now();
        const { args, updateId } = message();
        const stored = await ours.executeUpdate(sendCustomerMessageUpdate, { args: [...args], updateId });
        const ms = performance.now() - t0;
        await conv.replyAfter(stored.seq);
        return ms;
      },
      httpSend: async () => {
        const sent = await ctx.send(conv, questionFor(conv.topicOffset, k++));
        await conv.replyAfter(sent.seq);
        return sent.t1 - sent.t0;
      },
    };
    const only = process.env.PATHS_KINDS?.split(',');
    const names = Object.keys(kinds).filter((x) => !only || only.includes(x));
    for (const name of names) for (let i = 0; i < 3; i++) await kinds[name](); // warm-up
    const inspector = process.env.PATHS_PROFILE ? await InspectedProcess.connect(sys.workerInspectPort) : null;
    for (const s of inspector?.sessions() ?? []) {
      await inspector!.send(s.sessionId, 'Profiler.enable');
      await inspector!.send(s.sessionId, 'Profiler.setSamplingInterval', { interval: 200 });
      await inspector!.send(s.sessionId, 'Profiler.start');
    }
    const selfFile = process.env.BENCH_ACTIVATIONS_FILE;
    for (let r = 0; r < rounds; r++) {
      await sleep(300); // the counters are written every 100 ms
      const [c0, self0, m0, cpu0] = [
        readCounts(sys.activationsFile),
        readCounts(selfFile),
        await activitySums(sys.workerMetricsUrl),
        cpuSeconds(sys.worker.pid),
      ];
      const samples: Record<string, number[]> = Object.fromEntries(names.map((x) => [x, []]));
      for (let i = 0; i < n; i++) for (const name of names) samples[name].push(await kinds[name]());
      await sleep(300);
      const [c1, self1, m1, cpu1] = [
        readCounts(sys.activationsFile),
        readCounts(selfFile),
        await activitySums(sys.workerMetricsUrl),
        cpuSeconds(sys.worker.pid),
      ];
      const messages = (samples.ourSend?.length ?? 0) + (samples.httpSend?.length ?? 0);
      progress(names.map((x) => `${x} ${percentiles(samples[x]).p50}`).join('  '));
      if (c1) progress(`  ours: ${JSON.stringify(activationsBetween(c0, c1))}`);
      if (self1) progress(`  raw: ${JSON.stringify(activationsBetween(self0, self1))}`);
      if (messages) {
        const means = Object.entries(m1)
          .map(([t, [s, c]]) => `${t} ${(((s - m0[t][0]) / Math.max(1, c - m0[t][1])) * 1000).toFixed(2)}`)
          .join(', ');
        progress(
          `  worker CPU ${(((cpu1 - cpu0) * 1000) / messages).toFixed(1)} ms/message; activity means (ms) ${means}`,
        );
      }
    }
    for (const s of inspector?.sessions() ?? []) {
      const { result } = await inspector!.send(s.sessionId, 'Profiler.stop');
      const file = `${process.env.PATHS_PROFILE}-${s.title.replace(/\W+/g, '_')}.cpuprofile`;
      writeFileSync(file, JSON.stringify((result as { profile: unknown }).profile));
      progress(`profile: ${file}`);
    }
    inspector?.close();
    const rawTask = names.includes('rawLA') ? await updateTaskMs(raw) : NaN;
    const ourTask = names.some((x) => x.endsWith('Send')) ? await updateTaskMs(ours) : NaN;
    progress(`Update's workflow task p50, started → completed: raw ${rawTask} ms, ours ${ourTask} ms`);
  } finally {
    worker?.shutdown();
    await running?.catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await close().catch(() => undefined);
    await ctx.closeSockets().catch(() => undefined);
    await pg.end().catch(() => undefined);
    await sys.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`paths failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
