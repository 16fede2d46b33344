import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { testRunFile } from './env';
import { entrypoint, processEnv, READY_LINE, uniqueQueue, waitFor } from './stack';

/**
 * One worker and one API per jest worker, shared by the test files that run on the default configuration. Starting
 * the two processes costs about 6 s of CPU, most of what a short test file costs. The first file that asks starts
 * them (their output goes to log files in the run's directory); the next files on the same jest worker reuse them;
 * the global teardown stops them. A file that changes the configuration, or kills a process, starts its own stack.
 */
interface SharedProcess {
  pid: number;
  log: string;
  port?: number;
  metricsPort?: number;
}
interface Registry {
  env: Record<string, string>;
  worker: SharedProcess;
  api: SharedProcess;
}

const PREFIX = 'shared-stack-w';
const worker = () => process.env.JEST_WORKER_ID ?? '1';
const registryFile = () => testRunFile(`${PREFIX}${worker()}.json`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startShared(name: 'worker' | 'api', env: Record<string, string>): Promise<SharedProcess> {
  const log = testRunFile(`shared-${name}-w${worker()}.log`);
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, [entrypoint(name)], {
    env: await processEnv(name, env),
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  child.unref(); // it outlives this test file; the teardown stops it
  const ready = await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`shared ${name} exited with ${child.exitCode}:\n${tail(log)}`);
      return READY_LINE[name].exec(readFileSync(log, 'utf8')) ?? undefined;
    },
    60_000,
    () => `shared ${name} not ready:\n${tail(log)}`,
  );
  const port = ready[1] === 'null' ? undefined : Number(ready[1]);
  return { pid: child.pid!, log, ...(name === 'api' ? { port } : { metricsPort: port }) };
}

const tail = (log: string) => readFileSync(log, 'utf8').slice(-4000);

/** The shared worker and API of this jest worker, started on first use. `stop()` leaves them running. */
export async function sharedStack() {
  let reg: Registry | null = existsSync(registryFile()) ? JSON.parse(readFileSync(registryFile(), 'utf8')) : null;
  if (!reg || !alive(reg.worker.pid) || !alive(reg.api.pid)) {
    const env = { TEMPORAL_TASK_QUEUE: uniqueQueue(`shared-w${worker()}`) };
    const [w, a] = await Promise.all([startShared('worker', env), startShared('api', env)]);
    reg = { env, worker: w, api: a };
    writeFileSync(registryFile(), JSON.stringify(reg));
  }
  const view = (p: SharedProcess) => {
    const from = statSync(p.log).size; // this file sees only what the process logged while it ran
    return {
      pid: p.pid,
      port: p.port,
      metricsPort: p.metricsPort,
      output: () => readFileSync(p.log).subarray(from).toString('utf8'),
    };
  };
  return {
    env: reg.env,
    worker: view(reg.worker),
    api: view(reg.api),
    port: reg.api.port!,
    stop: async () => undefined,
  };
}

/** Global teardown: every jest worker's shared processes, stopped (SIGTERM, then SIGKILL after 15 s). */
export async function stopSharedStacks(runDir: string): Promise<void> {
  if (!existsSync(runDir)) return;
  const pids = readdirSync(runDir)
    .filter((f) => f.startsWith(PREFIX) && f.endsWith('.json'))
    .flatMap((f) => {
      const reg = JSON.parse(readFileSync(path.join(runDir, f), 'utf8')) as Registry;
      return [reg.worker.pid, reg.api.pid];
    })
    .filter(alive);
  for (const pid of pids) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
}
