import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../src/paths';

/**
 * A production entrypoint (dist/src/main/<name>.js) started as its own process, as the tests, the benchmark and the
 * chaos suite run them. No jest here: bench/ and chaos/ import this file too.
 */
export type EntrypointName = 'worker' | 'api';

export interface Entrypoint {
  name: EntrypointName;
  child: ChildProcess;
  pid: number;
  /** The API's port (from its ready line). */
  port?: number;
  /** The worker's Prometheus endpoint port, when it serves one (from its ready line). */
  metricsPort?: number;
  alive(): boolean;
  /** What it printed (stdout and stderr), the last `keepOutputChars` of it. */
  output(): string;
  /** Sends `signal` (SIGTERM: a worker drains first) and resolves once the process exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface EntrypointOptions {
  /** How long it may take to log its ready line; it fails with what it printed. Default 60 s. */
  timeoutMs?: number;
  /** After a stop's signal, SIGKILL once this long has passed; default: wait for the exit however long. */
  killAfterMs?: number;
  /** How much of its output to keep; default: all of it. */
  keepOutputChars?: number;
  /** Node's own flags before the script, e.g. `--cpu-prof` (which NODE_OPTIONS does not accept). */
  nodeArgs?: string[];
}

/** The line each entrypoint logs once it serves: the API with its port, the worker with its metrics port (or null). */
const READY: Record<EntrypointName, RegExp> = {
  api: /"msg":"api listening","port":(\d+)/,
  worker: /"msg":"worker running".*?"metricsPort":(\d+|null)[,}]/,
};

/**
 * Starts `name` with exactly `env` as its environment and resolves once it logged its ready line; rejects when it
 * exits first or is not ready within the timeout (with its output either way).
 */
export async function startEntrypoint(
  name: EntrypointName,
  env: Record<string, string>,
  { timeoutMs = 60_000, killAfterMs, keepOutputChars = Infinity, nodeArgs = [] }: EntrypointOptions = {},
): Promise<Entrypoint> {
  const child = spawn(process.execPath, [...nodeArgs, path.join(repoRoot(), 'dist', 'src', 'main', `${name}.js`)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > keepOutputChars) out = out.slice(-keepOutputChars);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${name} not ready in ${timeoutMs / 1000} s:\n${out}`));
    }, timeoutMs);
    const check = () => {
      const line = READY[name].exec(out);
      if (!line) return;
      done();
      resolve(line);
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`${name} exited with ${code} before it was ready:\n${out}`));
    };
    const done = () => {
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.stderr!.off('data', check);
      child.off('exit', onExit);
    };
    // After `keep` (registered first), so each check sees the chunk that just arrived.
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', onExit);
  });
  const port = name === 'api' ? Number(ready[1]) : undefined;
  const metricsPort = name === 'worker' && ready[1] !== 'null' ? Number(ready[1]) : undefined;
  return {
    name,
    child,
    pid: child.pid!,
    port,
    metricsPort,
    alive: () => !exited(),
    output: () => out,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (exited()) return resolve();
        const timer = killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        child.once('exit', () => {
          if (timer) clearTimeout(timer);
          resolve();
        });
        child.kill(signal);
      }),
  };
}
