import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { repoRoot } from '../paths';
import { devServerSearchAttributeFlags } from './search-attributes';

/** Finds (or provides) the Temporal CLI with scripts/provision-temporal.sh. */
export function provisionTemporalCli(cliPath?: string): string {
  const env = { ...process.env, ...(cliPath ? { TEMPORAL_CLI_PATH: cliPath } : {}) };
  return execFileSync('bash', [path.join(repoRoot(), 'scripts', 'provision-temporal.sh')], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

export async function temporalAnswers(address: string, timeoutMs = 1500): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

export interface DevServerOptions {
  cliPath: string;
  port: number;
  uiPort?: number;
  dbFile: string;
  /** Created at start ('default' when none is given); the project's search attributes are registered in each. */
  namespaces?: string[];
  headless?: boolean;
  logFile?: string;
  /** Where the Web UI decodes payloads (our API's /codec); the browser calls it with the UI's origin. */
  uiCodecEndpoint?: string;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `temporal server start-dev` with a persistent SQLite file and the project's search attributes. */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  mkdirSync(path.dirname(opts.dbFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    opts.dbFile,
    '--port',
    String(opts.port),
    ...(opts.namespaces ?? ['default']).flatMap((n) => ['--namespace', n]),
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    '--log-level',
    'error',
    // The worker that schedules the AI activity runs it at once instead of round-tripping through the task queue.
    '--dynamic-config-value',
    'system.enableActivityEagerExecution=true',
    ...devServerSearchAttributeFlags(),
  ];
  if (opts.headless) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort ?? opts.port + 1000));
  if (!opts.headless && opts.uiCodecEndpoint) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);
  const child = spawn(opts.cliPath, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const address = `127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 60_000;
  while (!(await temporalAnswers(address))) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited (${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`temporal dev server did not answer on ${address} within 60s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    address,
    uiUrl: opts.headless ? undefined : `http://localhost:${opts.uiPort ?? opts.port + 1000}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
