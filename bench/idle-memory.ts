import 'reflect-metadata';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { repoRoot } from '../src/paths';
import { BenchContext } from './conversations';
import { InspectedProcess, type IsolateHeap } from './inspector';
import { pool, progress, sleep } from './report';
import { rssBytes, startSystem, type System } from './system';

/**
 * Where a worker's memory per idle conversation goes (issue 18's memory target), measured apart from the full bench:
 * the bench's system with the worker's inspector open, `IDLE_N` conversations opened and answered (as the bench's
 * memory phase does), then the worker's RSS before and after a forced GC, and the heap of each isolate (the main
 * thread, and the SDK's workflow thread, where the cached workflows live). `IDLE_SNAPSHOT=1` also writes heap
 * snapshots of the workflow thread before and after to .data/idle-memory/ (compare them in DevTools).
 *
 *   npm run build && npx tsc -p bench/tsconfig.json && IDLE_N=300 node dist/bench/idle-memory.js
 */
const N = Number(process.env.IDLE_N ?? 300);
const WARMUP = 20;
// IDLE_SNAPSHOT=1: the workflow thread's heap; IDLE_SNAPSHOT=main: the main thread's.
const SNAPSHOT = process.env.IDLE_SNAPSHOT === '1' || process.env.IDLE_SNAPSHOT === 'main';
const KB = 1024;

interface Reading {
  rss: number;
  rssAfterGc: number;
  heaps: IsolateHeap[];
  usage: Array<{ title: string; usage: NodeJS.MemoryUsage }>;
  mappings: Record<string, number>;
}

/** The worker's resident memory by kind of mapping (/proc/<pid>/smaps): brk heap, anonymous by size, files. */
function residentByMapping(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  let kind = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      const size = parseInt(head[2], 16) - parseInt(head[1], 16);
      const name = head[3];
      kind = name
        ? name.startsWith('/')
          ? 'file'
          : name
        : size >= 60 * 1024 * 1024
          ? 'anon >=60M (malloc arena / V8 reservation)'
          : size >= 1024 * 1024
            ? 'anon 1-60M'
            : 'anon <1M';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out[kind] = (out[kind] ?? 0) + Number(rss[1]);
  }
  return out;
}

/** 'A=1,B=2' as an environment. */
function envList(list: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (list ?? '')
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
}

async function read(sys: System, inspected: InspectedProcess): Promise<Reading> {
  const rss = rssBytes(sys.worker.pid);
  await inspected.collectGarbage();
  await sleep(500);
  return {
    rss,
    rssAfterGc: rssBytes(sys.worker.pid),
    heaps: await inspected.heaps(),
    usage: await inspected.memoryUsage(),
    mappings: residentByMapping(sys.worker.pid),
  };
}

/**
 * IDLE_HEAPTRACK=1: the worker runs under heaptrack's preload library from its start, and is killed once measured,
 * so `heaptrack_print --print-leaks .data/idle-memory/worker.heaptrack.gz` lists the native allocations still held
 * (with N conversations cached, the sites allocated about N times are theirs).
 */
function heaptrackWorker(): { env: Record<string, string>; done: Promise<void> } | null {
  if (process.env.IDLE_HEAPTRACK !== '1') return null;
  const dir = path.join(repoRoot(), '.data', 'idle-memory');
  mkdirSync(dir, { recursive: true });
  const fifo = path.join(dir, 'heaptrack.fifo');
  rmSync(fifo, { force: true });
  execFileSync('mkfifo', [fifo]);
  const reader = spawn(
    'sh',
    ['-c', `/usr/lib/heaptrack/libexec/heaptrack_interpret < ${fifo} | gzip -1 > ${dir}/worker.heaptrack.gz`],
    {
      stdio: 'inherit',
    },
  );
  return {
    env: { LD_PRELOAD: '/usr/lib/heaptrack/libheaptrack_preload.so', DUMP_HEAPTRACK_OUTPUT: fifo },
    done: new Promise<void>((r) => reader.once('exit', () => r())),
  };
}

async function cachedWorkflows(sys: System): Promise<number> {
  const text = await (await fetch(sys.workerMetricsUrl)).text();
  return Number(/^support_worker_cached_workflows (\d+)/m.exec(text)?.[1] ?? NaN);
}

async function openIdle(ctx: BenchContext, n: number): Promise<number> {
  const convs = ctx.newConversations(n);
  await pool(n, 25, async (i) => {
    await ctx.start(convs[i]);
  });
  const answered = await ctx.waitAnswered(
    convs.map((c) => c.id),
    240_000,
  );
  await sleep(3000); // as the bench: the last workflow tasks complete and the caches settle
  return answered;
}

async function main(): Promise<void> {
  const heaptrack = heaptrackWorker();
  const sys = await startSystem({
    // IDLE_CACHE=50: the same starts with a cache far below N, so what stays is not the cached workflows.
    // IDLE_WORKER_ENV='MALLOC_ARENA_MAX=2,...': more of the worker's environment, for experiments.
    workerEnv: {
      ...(process.env.IDLE_CACHE ? { WORKER_MAX_CACHED_WORKFLOWS: process.env.IDLE_CACHE } : {}),
      ...envList(process.env.IDLE_WORKER_ENV),
      ...heaptrack?.env,
    },
    // IDLE_API_ENV='CONVERSATION_CONTINUE_AS_NEW_TURNS=1': e.g. each conversation hands over to a fresh run once idle.
    apiEnv: envList(process.env.IDLE_API_ENV),
  });
  const pg = new PgClient({ connectionString: sys.databaseUrl, application_name: 'support-idle-memory' });
  const dir = path.join(repoRoot(), '.data', 'idle-memory');
  if (SNAPSHOT) mkdirSync(dir, { recursive: true });
  let inspected: InspectedProcess | undefined;
  try {
    await pg.connect();
    const ctx = new BenchContext(sys, pg, true);
    inspected = await InspectedProcess.connect(sys.workerInspectPort);
    progress(
      `isolates: ${inspected
        .sessions()
        .map((s) => s.title)
        .join(', ')}`,
    );
    progress(`warm-up: ${WARMUP} conversations`);
    await openIdle(ctx, WARMUP);
    const before = await read(sys, inspected);
    const thread =
      process.env.IDLE_SNAPSHOT === 'main'
        ? inspected.sessions()[0]
        : (inspected.sessions().find((s) => s.sessionId !== null && /workflow/i.test(s.title)) ??
          inspected.sessions()[1]);
    if (SNAPSHOT && thread) await inspected.snapshot(thread.sessionId, path.join(dir, 'before.heapsnapshot'));
    progress(`opening ${N} idle conversations`);
    const answered = await openIdle(ctx, N);
    const after = await read(sys, inspected);
    if (SNAPSHOT && thread) await inspected.snapshot(thread.sessionId, path.join(dir, 'after.heapsnapshot'));
    const cached = await cachedWorkflows(sys);
    const per = (a: number, b: number) => Math.round((b - a) / answered / KB);
    const result = {
      conversations: answered,
      cachedWorkflows: cached,
      // The bench's figure: RSS after minus RSS before, no GC forced at either end.
      rssKbPerConversation: per(before.rss, after.rss),
      rssKbPerConversationAfterGc: per(before.rssAfterGc, after.rssAfterGc),
      workerRssMb: {
        before: Math.round(before.rss / KB / KB),
        beforeAfterGc: Math.round(before.rssAfterGc / KB / KB),
        after: Math.round(after.rss / KB / KB),
        afterAfterGc: Math.round(after.rssAfterGc / KB / KB),
      },
      heapKbPerConversation: Object.fromEntries(
        after.heaps.map((h, i) => [h.title, per(before.heaps[i]?.usedBytes ?? 0, h.usedBytes)]),
      ),
      externalKbPerConversation: Object.fromEntries(
        after.usage.map((u, i) => [u.title, per(before.usage[i]?.usage.external ?? 0, u.usage.external)]),
      ),
      residentKbPerConversationByMapping: Object.fromEntries(
        Object.entries(after.mappings).map(([k, v]) => [k, Math.round((v - (before.mappings[k] ?? 0)) / answered)]),
      ),
      heapsMb: after.heaps.map((h, i) => ({
        title: h.title,
        usedMb: Math.round(h.usedBytes / KB / KB),
        totalMbBefore: Math.round((before.heaps[i]?.totalBytes ?? 0) / KB / KB),
        totalMb: Math.round(h.totalBytes / KB / KB),
      })),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (heaptrack) {
      sys.worker.child.kill('SIGKILL');
      await heaptrack.done;
    }
  } finally {
    inspected?.close();
    await pg.end().catch(() => undefined);
    await sys.stop();
  }
}

main().catch((err) => {
  progress(`idle-memory: ${String(err)}`);
  process.exit(1);
});
