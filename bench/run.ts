import 'reflect-metadata';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { repoRoot } from '../src/paths';
import { runBaseline } from './baseline/baseline';
import { BenchContext } from './conversations';
import { escalation, memoryAndStarts, wakeIdle } from './memory-escalation';
import { progress } from './report';
import { interactive, sustained, type InteractiveResult } from './scenarios';
import { startSystem, type System } from './system';
import { writeTurnHistory } from './diag';
import { breakdown } from './breakdown';
import { CommitClock } from './commit-clock';
import { fanout } from './fanout';
import { firstReply } from './first-reply';
import { printReport } from './summary';
import { targetsOf } from './targets';
import { BENCH_WORKER_CACHE } from './system';
import { allocator } from './allocator';

/**
 * `npm run bench`: starts its own Temporal dev server, database, worker and API, measures raw Temporal and the
 * product in one run, prints a table and the targets, writes bench/results/latest.json, and stops everything.
 * BENCH_QUICK=1 shrinks every phase (for development on a shared machine).
 */
const QUICK = process.env.BENCH_QUICK === '1';
const plan = QUICK
  ? {
      levels: [1, 10, 50],
      baselineMs: 2000,
      uwsPerLevel: 30,
      interactiveMs: 3000,
      sustainedN: 50,
      sustainedMs: 10_000,
      idle: 300,
      escalations: 3,
      starts: 100,
      woken: 50,
      firstReplies: 5,
      breakdownSamples: 21,
      sockets: 500,
      fanoutMs: 8000,
    }
  : {
      levels: [1, 10, 50],
      baselineMs: 6000,
      uwsPerLevel: 100,
      interactiveMs: 10_000,
      sustainedN: 50,
      sustainedMs: 60_000,
      idle: 5000,
      escalations: 10,
      starts: 300,
      woken: 200,
      firstReplies: 12,
      breakdownSamples: 42,
      sockets: 500,
      fanoutMs: 20_000,
    };
const START_CONCURRENCY = 25;

function machine(): string {
  const cpu = cpus();
  const ramGb = Math.round(totalmem() / 1024 ** 3);
  return `${cpu[0]?.model.trim() ?? 'unknown cpu'}, ${cpu.length} cores, ${ramGb} GB RAM, Node ${process.version}, ${process.platform}`;
}

async function main(): Promise<void> {
  const at = new Date().toISOString();
  const t0 = Date.now();
  let sys: System | undefined;
  let ctx: BenchContext | undefined;
  let clock: CommitClock | undefined;
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    await clock?.close();
    await ctx?.closeSockets().catch(() => undefined);
    await ctx?.pg.end().catch(() => undefined);
    await sys?.stop();
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      progress(`${sig}: stopping everything`);
      void stopAll().finally(() => process.exit(130));
    });
  }
  try {
    sys = await startSystem();
    const pg = new PgClient({ connectionString: sys.databaseUrl, application_name: 'support-bench' });
    await pg.connect();
    ctx = new BenchContext(sys, pg, QUICK);
    clock = await CommitClock.listen(sys.databaseUrl);

    progress(`baseline: raw Temporal Updates with a local activity, c=${plan.levels.join('/')}`);
    const baseline = await runBaseline({
      temporalAddress: sys.temporalAddress,
      temporalPid: sys.temporalPid,
      databaseUrl: sys.databaseUrl,
      concurrencies: plan.levels,
      durationMs: plan.baselineMs,
      startsPerLevel: plan.uwsPerLevel,
      startsTotal: plan.starts,
      startsConcurrency: START_CONCURRENCY,
    });

    if (process.env.BENCH_PHASES === 'sustained') {
      // Development: the sustained load and the fan-out under it, printed beside raw updates/s, nothing written.
      const sus = await sustained(ctx, plan.sustainedN, plan.sustainedMs);
      clock.clear();
      const fan = await fanout(ctx, clock, plan.sockets, 50, plan.fanoutMs);
      const out = { rawUpdatesPerSecondC50: baseline.updatesPerSecondC50, sustained: sus, fanout: fan };
      process.stdout.write(JSON.stringify(out, null, 1) + '\n');
      return;
    }

    if (process.env.BENCH_PHASES === 'scaleout') {
      // Development: the sustained load on one worker, then on two (a second worker process on the same task queue),
      // then on one again (the order's own effect: each phase leaves more history and rows behind), two API replicas
      // throughout; printed beside raw updates/s, nothing written.
      const one = await sustained(ctx, plan.sustainedN, plan.sustainedMs);
      const extra = await sys.addWorker();
      const two = await sustained(ctx, plan.sustainedN, plan.sustainedMs);
      await extra.stop();
      sys.extraWorkers.splice(sys.extraWorkers.indexOf(extra), 1);
      const oneAgain = await sustained(ctx, plan.sustainedN, plan.sustainedMs);
      const pick = (r: typeof one) => ({
        acknowledgedPerSecond: r.messagesPerSecond,
        answeredPerSecond: r.answeredPerSecond,
        lost: r.lost,
        duplicated: r.duplicated,
        outOfOrder: r.outOfOrder,
        cpuPercent: r.cpuPercent,
      });
      const out = {
        rawUpdatesPerSecondC50: baseline.updatesPerSecondC50,
        oneWorker: pick(one),
        twoWorkers: pick(two),
        oneWorkerAgain: pick(oneAgain),
      };
      process.stdout.write(JSON.stringify(out, null, 1) + '\n');
      return;
    }

    if (process.env.BENCH_PHASES === 'starts') {
      // Development: the idle conversations' starts alone (BENCH_IDLE of them), printed beside raw starts/s.
      const mem = await memoryAndStarts(ctx, Number(process.env.BENCH_IDLE ?? plan.idle), START_CONCURRENCY);
      const { started: _, ...memory } = mem;
      const out = { rawStartsPerSecond: baseline.startsPerSecond, rawStartCpuMs: baseline.startCpuMs, memory };
      process.stdout.write(JSON.stringify(out, null, 1) + '\n');
      return;
    }

    const perLevel: Record<string, InteractiveResult> = {};
    for (const c of plan.levels) {
      progress(`interactive: ${c} conversation(s) asking, acknowledged, answered on messageAdded`);
      const r = await interactive(ctx, c, plan.interactiveMs);
      perLevel[`c${c}`] = r;
      if (c === 1 && process.env.BENCH_DIAG === '1')
        await writeTurnHistory(sys.temporalAddress, sys.databaseUrl, r.conversationIds[0]);
      progress(
        `  c${c}: ${r.messages} messages, ack p50 ${r.ackMs.p50} ms, AI reply p50 ${r.aiReplyMs.p50} ms${r.errors ? `, ${r.errors} errors` : ''}`,
      );
    }

    progress(
      `breakdown: one conversation, sendMessage, its steps and direct Updates interleaved (${plan.breakdownSamples})`,
    );
    const parts = await breakdown(ctx, clock, plan.breakdownSamples);
    progress(
      `  sendMessage p50 ${parts.ack.sendMessageMs.p50} ms: store ${parts.ack.storeStatementMs.p50} ms, signal ` +
        `${parts.ack.signalMs.p50} ms (before: Update ${parts.ack.updateRoundTripMs.p50} ms, its store ` +
        `${parts.ack.storeLocalActivityMs} ms); ${parts.historyEventsPerMessage} events/message` +
        (parts.perMessage
          ? `, ${parts.perMessage.activations} activations and ${parts.perMessage.sandboxCalls} sandbox calls/message ` +
            `(jobs: ${JSON.stringify(parts.perMessage.jobs)})`
          : ''),
    );

    progress(`first answers: ${plan.firstReplies} cold, then ${plan.firstReplies} with the context prefetched`);
    // Customers no earlier phase prepared for (a start adopts the customer's newest prefetch): cold first.
    const cold = await firstReply(sys.apiPort, clock, ['cus-05', 'cus-13', 'cus-21'], plan.firstReplies, false);
    const warm = await firstReply(sys.apiPort, clock, ['cus-06', 'cus-14', 'cus-22'], plan.firstReplies, true);
    progress(`  first answer p50: prefetched ${warm.firstReplyMs.p50} ms, cold ${cold.firstReplyMs.p50} ms`);

    if (process.env.BENCH_PHASES === 'ack') {
      // Development: the acknowledgement's phases only, printed, nothing written.
      const ack = Object.fromEntries(Object.entries(perLevel).map(([k, v]) => [k, v.ackMs]));
      const out = { baseline, ack, parts, firstReply: { cold, warm } };
      process.stdout.write(JSON.stringify(out, null, 1) + '\n');
      return;
    }

    // Before the sustained load: its heap growth would drown the idle conversations' share of the worker's RSS.
    progress(`memory: opening ${plan.idle} idle conversations`);
    const mem = await memoryAndStarts(ctx, plan.idle, START_CONCURRENCY);
    progress(`  worker RSS ${mem.workerRssMbBefore} → ${mem.workerRssMb1000Idle} MB, ${mem.startsPerSecond} starts/s`);
    // The cache sized for the idle conversations is that phase's; what follows runs the worker as deployed (the idle
    // conversations stay open, out of its cache, until they wake).
    progress('worker restarted with the default cache');
    await sys.restartWorker();

    // Raw updates/s again, on the server as the sustained phase finds it (the idle conversations open, more history):
    // reported beside the target, which reads the baseline of the run's start.
    progress('baseline again beside the sustained phase: raw Updates with a local activity, c=50');
    const besideSustained = await runBaseline({
      temporalAddress: sys.temporalAddress,
      temporalPid: sys.temporalPid,
      databaseUrl: sys.databaseUrl,
      concurrencies: [50],
      durationMs: plan.baselineMs,
      startsPerLevel: 0,
      startsTotal: 0,
      startsConcurrency: START_CONCURRENCY,
    });
    progress(`sustained: ${plan.sustainedN} conversations sending for ${plan.sustainedMs / 1000} s`);
    const sus = await sustained(ctx, plan.sustainedN, plan.sustainedMs);
    progress(
      `  ${sus.messagesPerSecond} messages/s; lost ${sus.lost}, duplicated ${sus.duplicated}, out of order ${sus.outOfOrder}`,
    );

    progress(`fan-out: ${plan.sockets} sockets over 2 API replicas under load`);
    clock.clear();
    const fan = await fanout(ctx, clock, plan.sockets, 50, plan.fanoutMs);
    progress(`  commit → client p95 ${fan.commitToClientMs.p95} ms (${fan.deliveries} deliveries)`);

    progress(`escalation: ${plan.escalations} customers ask for a person; agent sees it and claims`);
    const esc = await escalation(ctx, plan.escalations);

    progress(`wake: ${plan.woken} of the idle conversations, out of the worker's cache, get a second question`);
    const woke = await wakeIdle(ctx, mem.started, plan.woken, START_CONCURRENCY);
    progress(
      `  ${woke.answered}/${woke.acknowledged} answered within ${woke.answeredWithinS} s; ` +
        `lost ${woke.lost}, duplicated ${woke.duplicated}`,
    );

    const results = {
      quick: QUICK,
      baseline: {
        updateLocalActivityMs: baseline.updateLocalActivityMs,
        updatesPerSecondC50: baseline.updatesPerSecondC50,
        /** The same measured again just before the sustained phase (not a target's denominator; see README). */
        updatesPerSecondC50BesideSustained: besideSustained.updatesPerSecondC50,
        updatesPerSecond: baseline.updatesPerSecond,
        updateWithStartMs: baseline.updateWithStartMs,
        startsPerSecond: baseline.startsPerSecond,
        startsConcurrency: baseline.startsConcurrency,
        historyEventsPerUpdate: baseline.historyEventsPerUpdate,
        startCpuMs: baseline.startCpuMs,
      },
      ackMs: Object.fromEntries(Object.entries(perLevel).map(([k, v]) => [k, v.ackMs])),
      aiReplyMs: Object.fromEntries(Object.entries(perLevel).map(([k, v]) => [k, v.aiReplyMs])),
      interactiveErrors: Object.fromEntries(Object.entries(perLevel).map(([k, v]) => [k, v.errors])),
      startsPerSecond: mem.startsPerSecond,
      startMs: mem.startMs,
      startCpuMs: mem.startCpuMs,
      firstReplyMs: { prefetched: warm.firstReplyMs, cold: cold.firstReplyMs },
      firstReplyStartAckMs: { prefetched: warm.startAckMs, cold: cold.startAckMs },
      historyEventsPerMessage: parts.historyEventsPerMessage,
      breakdown: parts,
      sustained: sus,
      memory: {
        idleConversations: mem.idleConversations,
        workerRssMbBefore: mem.workerRssMbBefore,
        workerRssMb1000Idle: mem.workerRssMb1000Idle,
        apiRssMbBefore: mem.apiRssMbBefore,
        apiRssMb: mem.apiRssMb,
        apiRssMbAfterGc: mem.apiRssMbAfterGc,
        bytesPerIdleConversation: mem.bytesPerIdleConversation,
        bytesPerIdleConversationAfterGc: mem.bytesPerIdleConversationAfterGc,
        workflowHeapBytesPerIdleConversation: mem.workflowHeapBytesPerIdleConversation,
        mainHeapBytesPerIdleConversation: mem.mainHeapBytesPerIdleConversation,
        answeredWithinS: mem.answeredWithinS,
        workerCache: BENCH_WORKER_CACHE,
        allocator: allocator().name,
        startFailures: mem.startFailures,
        woken: woke,
      },
      fanout: fan,
      escalation: esc,
      targets: [] as ReturnType<typeof targetsOf>,
      durationS: 0,
      machine: machine(),
      at,
    };
    results.targets = targetsOf(results);
    results.durationS = Math.round((Date.now() - t0) / 1000);
    const dir = path.join(repoRoot(), 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    // Quick runs are for development: kept out of latest.json (and out of git: bench/results/*.tmp).
    const file = path.join(dir, QUICK ? 'quick.json.tmp' : 'latest.json');
    writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    process.stdout.write(printReport(results) + `\nwritten: ${path.relative(process.cwd(), file)}\n`);
  } finally {
    progress('stopping the API, the worker, the dev server; dropping the database');
    await stopAll();
    progress(`done in ${Math.round((Date.now() - t0) / 1000)} s`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
