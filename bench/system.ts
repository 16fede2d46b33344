import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { createDataSource } from '../src/db/data-source';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { freePort, portAnswers } from '../src/net';
import { migrate } from '../src/db/ensure-database';
import { repoRoot } from '../src/paths';
import { defaultSeedDir, seedDemoData } from '../src/services/seed';
import { provisionTemporalCli, startDevServer, type DevServer } from '../src/temporal/dev-server';
import { progress } from './report';
import { startSourceStubs, type SourceStubs } from './source-stubs';

export const JWT_SECRET = `bench-secret-${process.pid}-0123456789abcdef`;
/** The deployment's payload key of the benchmark's processes (production mode refuses the development key). */
export const BENCH_DATA_KEYS = `bench-1:${Buffer.alloc(32, 11).toString('base64')}`;

export interface Child {
  name: string;
  pid: number;
  port?: number;
  output(): string;
  stop(): Promise<void>;
}

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

function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A production entrypoint (dist/src/main/<name>.js), ready once it logs the line that says so. */
async function startEntrypoint(name: 'worker' | 'api', env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'src', 'main', `${name}.js`)], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const port = await new Promise<number | undefined>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready in 60 s:\n${out}`)), 60_000);
    const check = () => {
      const ready =
        name === 'worker' ? /"msg":"worker running"/.exec(out) : /"msg":"api listening","port":(\d+)/.exec(out);
      if (!ready) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.stderr!.off('data', check);
      child.off('exit', onExit);
      resolve(name === 'api' ? Number(ready[1]) : undefined);
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready:\n${out}`));
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', onExit);
  });
  return { name, pid: child.pid!, port, output: () => out, stop: () => stopChild(child) };
}

export interface System {
  temporalAddress: string;
  temporalPid: number;
  databaseUrl: string;
  worker: Child;
  api: Child;
  apiPort: number;
  /** A second API replica (the fan-out phase spreads its sockets over both). */
  api2: Child;
  /** The worker's Prometheus endpoint (activity durations for the breakdowns). */
  workerMetricsUrl: string;
  sources: SourceStubs;
  stop(): Promise<void>;
}

/** The worker's cache holds every idle conversation of the memory phase (5,000), with room to spare. */
export const BENCH_WORKER_CACHE = 6000;

/**
 * Everything the bench measures, started fresh: a Temporal dev server (the flags `npm start` uses, headless, its
 * own SQLite file), a database `support_bench_<pid>` (migrated and seeded), one worker and one API from dist/.
 * `stop` undoes whatever part of this was started, in reverse, and is safe to call after a partial start.
 */
export async function startSystem(): Promise<System> {
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
    const worker = await startEntrypoint('worker', {
      ...env,
      WORKER_MAX_CACHED_WORKFLOWS: String(BENCH_WORKER_CACHE),
      WORKER_METRICS_PORT: String(workerMetricsPort),
      ...(process.env.BENCH_WORKER_PROF
        ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_WORKER_PROF}` }
        : {}),
    });
    undo.push(() => worker.stop());
    const apiEnv = {
      ...env,
      ...(process.env.BENCH_API_PROF
        ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_API_PROF}` }
        : {}),
    };
    const api = await startEntrypoint('api', apiEnv);
    undo.push(() => api.stop());
    const api2 = await startEntrypoint('api', env);
    undo.push(() => api2.stop());
    return {
      api2,
      workerMetricsUrl: `http://127.0.0.1:${workerMetricsPort}/metrics`,
      sources,
      temporalAddress: temporal.address,
      temporalPid: temporal.process.pid!,
      databaseUrl,
      worker,
      api,
      apiPort: api.port!,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function dropDatabase(databaseUrl: string): Promise<void> {
  const admin = new URL(databaseUrl);
  const dbName = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new PgClient({ connectionString: admin.toString() });
  try {
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
