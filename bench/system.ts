import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createDataSource } from '../src/db/data-source';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { freePort, portAnswers } from '../src/net';
import { migrate } from '../src/db/ensure-database';
import { repoRoot } from '../src/paths';
import { defaultSeedDir, seedDemoData } from '../src/services/seed';
import { provisionTemporalCli, startDevServer, type DevServer } from '../src/temporal/dev-server';
import { progress } from './report';
import { startSourceStubs, type SourceStubs } from './source-stubs';
import { dropDatabase } from '../test/support/databases';
import { startEntrypoint, type Entrypoint } from '../test/support/entrypoint';
import { allocator } from './allocator';

export const JWT_SECRET = `bench-secret-${process.pid}-0123456789abcdef`;
/** The deployment's payload key of the benchmark's processes (production mode refuses the development key). */
export const BENCH_DATA_KEYS = `bench-1:${Buffer.alloc(32, 11).toString('base64')}`;

/** A worker or API replica of the benchmark. */
export type Child = Entrypoint;

/** Resident set size of a process in bytes, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** User + system CPU seconds a process has used so far, from /proc/<pid>/stat (clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU seconds of every PostgreSQL process on this machine (the server the bench's database lives on: its backends,
 * WAL writer, checkpointer), from /proc. Other databases' work counts too: read it on a quiet machine.
 */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') total += cpuSeconds(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** This process's own CPU seconds (the bench's clients, and the raw baseline's worker when it runs). */
export function benchCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * A production entrypoint (dist/src/main/<name>.js) with `env` (and PATH, HOME), ready once it logs so. `profileDir`:
 * a CPU profile of the process, written there when it stops (`--cpu-prof`); `activationsFile`: the workflow thread's
 * activations counted into that file (bench/activation-counter.ts); `nodeArgs`: more of Node's options.
 */
function startChild(
  name: 'worker' | 'api',
  env: Record<string, string>,
  {
    profileDir,
    activationsFile,
    nodeArgs = [],
  }: { profileDir?: string; activationsFile?: string; nodeArgs?: string[] } = {},
): Promise<Child> {
  const counter = path.join(repoRoot(), 'dist', 'bench', 'activation-counter.js');
  return startEntrypoint(
    name,
    {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...allocator().env,
      ...env,
      ...(activationsFile ? { BENCH_ACTIVATIONS_FILE: activationsFile } : {}),
    },
    {
      timeoutMs: 60_000,
      killAfterMs: 10_000,
      keepOutputChars: 20_000,
      nodeArgs: [
        ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
        ...(activationsFile ? ['--require', counter] : []),
        ...nodeArgs,
      ],
    },
  );
}

export interface System {
  temporalAddress: string;
  temporalPid: number;
  databaseUrl: string;
  /** The worker now (restartWorker replaces it). */
  readonly worker: Child;
  /**
   * Stops the worker and starts it again with the default cache (WORKER_MAX_CACHED_WORKFLOWS unset): the memory
   * phase's cache (BENCH_WORKER_CACHE) is for that phase; the phases after run the worker as it is deployed.
   */
  restartWorker(): Promise<void>;
  /** One more worker on the same task queue, with the default cache (the scale-out comparison); stopped with the rest. */
  addWorker(): Promise<Child>;
  /** The workers addWorker started. */
  readonly extraWorkers: Child[];
  api: Child;
  apiPort: number;
  /** A second API replica (the fan-out phase spreads its sockets over both). */
  api2: Child;
  /** The worker's inspector (127.0.0.1): the memory phase forces a GC and reads each isolate's heap through it. */
  workerInspectPort: number;
  /** The first API replica's inspector (a forced GC before its memory is read). */
  apiInspectPort: number;
  /** The worker's Prometheus endpoint (activity durations for the breakdowns). */
  workerMetricsUrl: string;
  /** BENCH_ACTIVATIONS=1: where the worker's workflow thread writes its activation counts (else null). */
  activationsFile: string | null;
  sources: SourceStubs;
  stop(): Promise<void>;
}

/** The worker's cache in the memory phase: every idle conversation (5,000), with room to spare (see restartWorker). */
export const BENCH_WORKER_CACHE = 6000;

/**
 * Everything the bench measures, started fresh: a Temporal dev server (the flags `npm start` uses, headless, its
 * own SQLite file), a database `support_bench_<pid>` (migrated and seeded), one worker and one API from dist/.
 * `stop` undoes whatever part of this was started, in reverse, and is safe to call after a partial start.
 * `workerNodeArgs`, `workerEnv`, `apiEnv`: node's own flags and more environment for the worker, more environment for
 * the API replicas (bench/idle-memory.ts's experiments).
 */
export async function startSystem(
  options: { workerNodeArgs?: string[]; workerEnv?: Record<string, string>; apiEnv?: Record<string, string> } = {},
): Promise<System> {
  const dir = path.join(repoRoot(), '.data', 'bench', String(process.pid));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const undo: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of undo.reverse()) await step().catch((err) => progress(`cleanup: ${String(err)}`));
    undo.length = 0;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    progress('starting the Temporal dev server');
    const temporal: DevServer = await startDevServer({
      cliPath: provisionTemporalCli(process.env.TEMPORAL_CLI_PATH),
      port: await freePort(),
      dbFile: path.join(dir, 'temporal.db'),
      headless: true,
    });
    undo.push(() => temporal.stop());

    let baseUrl = process.env.BENCH_DATABASE_URL;
    if (!baseUrl) {
      if (await portAnswers(5432)) baseUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
      else {
        progress('no PostgreSQL on 5432: starting an embedded one');
        const db = await startEmbeddedPostgres(dir, await freePort());
        undo.push(() => db.stop());
        baseUrl = db.url;
      }
    }
    const url = new URL(baseUrl);
    url.pathname = `/support_bench_${process.pid}`;
    const databaseUrl = url.toString();
    progress(`creating, migrating and seeding ${url.pathname.slice(1)}`);
    undo.push(() => dropDatabase(databaseUrl));
    await migrate(databaseUrl);
    const ds = createDataSource(databaseUrl, { poolSize: 2 });
    await ds.initialize();
    await seedDemoData(ds, defaultSeedDir());
    await ds.destroy();

    const sources = await startSourceStubs();
    undo.push(() => sources.stop());
    const workerMetricsPort = await freePort();
    const workerInspectPort = await freePort();
    const apiInspectPort = await freePort();
    progress('starting the worker and two API replicas (dist/src/main)');
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      AUTH_JWT_SECRET: JWT_SECRET,
      DATA_ENCRYPTION_KEYS: BENCH_DATA_KEYS,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // The benchmark drives one identity far beyond what a person sends: limits raised, still counted.
      RATE_LIMIT_MESSAGES: '1000000/1',
      RATE_LIMIT_CONVERSATIONS: '1000000/1',
      RATE_LIMIT_STAFF: '1000000/1',
      RATE_LIMIT_TYPING: '1000000/1',
      // The context sources answer after a fixed delay (bench/source-stubs.ts), in the worker and the API alike.
      HUBSPOT_ACCESS_TOKEN: 'bench-hubspot-token',
      HUBSPOT_BASE_URL: sources.hubspotUrl,
      STRIPE_API_KEY: 'sk_test_bench',
      STRIPE_API_BASE: sources.stripeUrl,
    };
    const activationsFile = process.env.BENCH_ACTIVATIONS === '1' ? path.join(dir, 'activations.json') : null;
    const startWorker = (cache: number | null) =>
      startChild(
        'worker',
        {
          ...env,
          ...(cache === null ? {} : { WORKER_MAX_CACHED_WORKFLOWS: String(cache) }),
          WORKER_METRICS_PORT: String(workerMetricsPort),
          // A/B of the bound on calls into the workflow sandbox (src/worker/support-worker.ts); the default otherwise.
          ...(process.env.BENCH_SANDBOX_CALL_TIMEOUT_MS
            ? { WORKER_SANDBOX_CALL_TIMEOUT_MS: process.env.BENCH_SANDBOX_CALL_TIMEOUT_MS }
            : {}),
          ...options.workerEnv,
        },
        {
          profileDir: process.env.BENCH_WORKER_PROF,
          activationsFile: activationsFile ?? undefined,
          // BENCH_WORKER_NODE_ARGS: Node's options for the worker, to compare settings (e.g. the young generation's size).
          nodeArgs: [
            `--inspect=127.0.0.1:${workerInspectPort}`,
            ...(process.env.BENCH_WORKER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []),
            ...(options.workerNodeArgs ?? []),
          ],
        },
      );
    let worker = await startWorker(BENCH_WORKER_CACHE);
    const extraWorkers: Child[] = [];
    undo.push(() => worker.stop());
    const api = await startChild(
      'api',
      { ...env, ...options.apiEnv },
      { profileDir: process.env.BENCH_API_PROF, nodeArgs: [`--inspect=127.0.0.1:${apiInspectPort}`] },
    );
    undo.push(() => api.stop());
    const api2 = await startChild('api', { ...env, ...options.apiEnv });
    undo.push(() => api2.stop());
    return {
      get worker() {
        return worker;
      },
      async restartWorker() {
        await worker.stop();
        worker = await startWorker(null);
      },
      async addWorker() {
        const extra = await startChild('worker', {
          ...env,
          WORKER_METRICS_PORT: String(await freePort()),
          ...options.workerEnv,
        });
        undo.push(() => extra.stop());
        extraWorkers.push(extra);
        return extra;
      },
      extraWorkers,
      api2,
      workerMetricsUrl: `http://127.0.0.1:${workerMetricsPort}/metrics`,
      activationsFile,
      workerInspectPort,
      apiInspectPort,
      sources,
      temporalAddress: temporal.address,
      temporalPid: temporal.process.pid!,
      databaseUrl,
      api,
      apiPort: api.port!,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
