import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JWT_SECRET } from '../bench/system';
import { progress } from '../bench/report';
import { createDataSource } from '../src/db/data-source';
import { migrate } from '../src/db/ensure-database';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { freePort, portAnswers } from '../src/net';
import { repoRoot } from '../src/paths';
import { defaultSeedDir, seedDemoData } from '../src/services/seed';
import { provisionTemporalCli, startDevServer, type DevServer } from '../src/temporal/dev-server';
import { dropDatabase } from '../test/support/databases';
import { startEntrypoint, type Entrypoint } from '../test/support/entrypoint';
import { startTcpProxy, throughProxy, type TcpProxy } from '../test/support/tcp-proxy';

/** A worker or API replica: a production entrypoint from dist/, killed and replaced by the scenarios. */
export type Replica = Entrypoint;

/** The deployment key the replicas wrap customers' data keys with (a chaos run's own). */
export const CHAOS_DATA_KEYS = `chaos-1:${Buffer.alloc(32, 13).toString('base64')}`;

/** The env every replica shares: the database through the proxy, limits raised (a chaos run is one busy tenant). */
function replicaEnv(sys: { databaseUrl: string; temporalAddress: string; pgProxy: TcpProxy }): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'production',
    DATABASE_URL: throughProxy(sys.databaseUrl, sys.pgProxy),
    TEMPORAL_ADDRESS: sys.temporalAddress,
    AUTH_JWT_SECRET: JWT_SECRET,
    DATA_ENCRYPTION_KEYS: CHAOS_DATA_KEYS,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info', // the ready lines are info
    // "Outcome unknown, resend" comes back within seconds, so clients resend instead of hanging.
    TEMPORAL_CALL_TIMEOUT_SECONDS: '5',
    WORKER_SHUTDOWN_GRACE_SECONDS: '20',
    RATE_LIMIT_MESSAGES: '1000000/1',
    RATE_LIMIT_CONVERSATIONS: '1000000/1',
    RATE_LIMIT_STAFF: '1000000/1',
    RATE_LIMIT_TYPING: '1000000/1',
  };
}

/** Started from dist/ like every other entrypoint; a stop's signal becomes SIGKILL after 40 s (a drain that hangs). */
function startReplica(name: 'worker' | 'api', env: Record<string, string>): Promise<Replica> {
  return startEntrypoint(name, env, { timeoutMs: 90_000, killAfterMs: 40_000, keepOutputChars: 200_000 });
}

/**
 * What a chaos run stands on: a Temporal dev server on a SQLite file (restartable on the same file and port), a
 * database created, migrated and seeded for the run, reached by every replica through a TCP proxy the suite cuts and
 * slows, and the worker and API replicas of the scenario in progress.
 */
export class ChaosSystem {
  readonly replicas: Replica[] = [];
  private rr = 0;

  private constructor(
    readonly dir: string,
    readonly databaseUrl: string,
    readonly pgProxy: TcpProxy,
    private temporal: DevServer,
    private readonly temporalPort: number,
    private readonly cliPath: string,
    private readonly undo: Array<() => Promise<void>>,
  ) {}

  static async start(): Promise<ChaosSystem> {
    const dir = path.join(repoRoot(), '.data', 'chaos', String(process.pid));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const undo: Array<() => Promise<void>> = [];
    try {
      const cliPath = provisionTemporalCli(process.env.TEMPORAL_CLI_PATH);
      const temporalPort = await freePort();
      const temporal = await startDevServer({
        cliPath,
        port: temporalPort,
        dbFile: path.join(dir, 'temporal.db'),
        headless: true,
      });
      let baseUrl = process.env.CHAOS_DATABASE_URL;
      if (!baseUrl) {
        if (await portAnswers(5432)) baseUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
        else {
          const db = await startEmbeddedPostgres(dir, await freePort());
          undo.push(() => db.stop());
          baseUrl = db.url;
        }
      }
      const url = new URL(baseUrl);
      url.pathname = `/support_chaos_${process.pid}`;
      const databaseUrl = url.toString();
      undo.push(() => dropDatabase(databaseUrl));
      await migrate(databaseUrl);
      const ds = createDataSource(databaseUrl, { poolSize: 2 });
      await ds.initialize();
      await seedDemoData(ds, defaultSeedDir());
      await ds.destroy();
      const pgProxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
      undo.push(() => pgProxy.stop());
      const sys = new ChaosSystem(dir, databaseUrl, pgProxy, temporal, temporalPort, cliPath, undo);
      return sys;
    } catch (err) {
      for (const step of undo.reverse()) await step().catch(() => undefined);
      throw err;
    }
  }

  get temporalAddress(): string {
    return this.temporal.address;
  }

  get temporalPid(): number {
    return this.temporal.process.pid!;
  }

  async startWorker(env: Record<string, string>): Promise<Replica> {
    const r = await startReplica('worker', {
      ...replicaEnv(this),
      WORKER_METRICS_PORT: String(await freePort()),
      ...env,
    });
    this.replicas.push(r);
    return r;
  }

  async startApi(env: Record<string, string>): Promise<Replica> {
    const r = await startReplica('api', { ...replicaEnv(this), ...env });
    this.replicas.push(r);
    return r;
  }

  workers(): Replica[] {
    return this.replicas.filter((r) => r.name === 'worker' && r.alive());
  }

  apis(): Replica[] {
    return this.replicas.filter((r) => r.name === 'api' && r.alive());
  }

  /** An API replica to talk to, round robin over the live ones (a client's load balancer). */
  apiPort(): number {
    const live = this.apis();
    if (live.length === 0) throw new Error('no API replica running');
    return live[this.rr++ % live.length].port!;
  }

  /** Stops the dev server, waits `downMs`, starts it again on the same SQLite file and port. */
  async restartTemporal(downMs: number): Promise<void> {
    await this.temporal.stop();
    await new Promise((r) => setTimeout(r, downMs));
    this.temporal = await startDevServer({
      cliPath: this.cliPath,
      port: this.temporalPort,
      dbFile: path.join(this.dir, 'temporal.db'),
      headless: true,
    });
  }

  /**
   * Stops every replica; their output's tails go to .data/chaos-logs/<label>-<name>-<pid>.log (for a failure's why).
   * Returns the APIs' "unexpected error" lines (an INTERNAL answer's stack), which CI shows beside a failed scenario.
   */
  async stopReplicas(label = 'setup'): Promise<string[]> {
    await Promise.all(this.replicas.map((r) => r.stop()));
    const logs = path.join(repoRoot(), '.data', 'chaos-logs');
    mkdirSync(logs, { recursive: true });
    const unexpected: string[] = [];
    for (const r of this.replicas) {
      const output = r.output();
      writeFileSync(path.join(logs, `${label}-${r.name}-${r.pid}.log`), output);
      unexpected.push(...output.split('\n').filter((line) => line.includes('"msg":"unexpected error"')));
    }
    this.replicas.length = 0;
    return unexpected;
  }

  async stop(): Promise<void> {
    await this.stopReplicas().catch((err) => progress(`cleanup: ${String(err)}`));
    await this.temporal.stop().catch(() => undefined);
    for (const step of this.undo.reverse()) await step().catch((err) => progress(`cleanup: ${String(err)}`));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
