import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../src/paths';

/** A running stripe-mock: `url` is its plain-HTTP base (e.g. http://127.0.0.1:41993), for `apiBase`. */
export interface StripeMock {
  url: string;
  httpsUrl: string;
  stop(): Promise<void>;
}

/** Finds (or builds) stripe-mock with scripts/provision-stripe-mock.sh; the first build takes about a minute. */
export function provisionStripeMock(binaryPath?: string): Promise<string> {
  const env = { ...process.env, ...(binaryPath ? { STRIPE_MOCK_PATH: binaryPath } : {}) };
  const script = path.join(repoRoot(), 'scripts', 'provision-stripe-mock.sh');
  return new Promise((resolve, reject) => {
    execFile('bash', [script], { env, encoding: 'utf8', timeout: 10 * 60_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`provision-stripe-mock.sh failed: ${stderr.trim() || err.message}`));
      resolve(stdout.trim());
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    // stripe-mock wants any alphanumeric test-mode key; this is the one its own docs use.
    const res = await fetch(`${url}/v1/balance`, {
      headers: { authorization: 'Bearer sk_test_123' },
      signal: AbortSignal.timeout(1000),
    });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts stripe-mock on loopback ports the kernel picks (`-http-addr 127.0.0.1:0`, same for HTTPS), reading the
 * bound ports from its startup lines: no window between picking a free port and binding it, so parallel test
 * workers cannot collide. Both listeners are given an address because naming only one leaves the other on its
 * default port (12111/12112) on all interfaces. Resolves once the HTTP listener answers an API request.
 */
export async function startStripeMock(opts: { binaryPath?: string; timeoutMs?: number } = {}): Promise<StripeMock> {
  const bin = await provisionStripeMock(opts.binaryPath);
  const child = spawn(bin, ['-http-addr', '127.0.0.1:0', '-https-addr', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // It logs every request it serves: keep a tail for error messages, and the listen addresses once seen.
  let output = '';
  const listening: Partial<Record<'HTTP' | 'HTTPS', string>> = {};
  const onData = (d: Buffer) => {
    output = (output + d.toString()).slice(-8000);
    for (const m of output.matchAll(/Listening for (HTTPS?) at address: (\S+:\d+)/g)) {
      listening[m[1] as 'HTTP' | 'HTTPS'] ??= m[2];
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });

  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`stripe-mock exited (${child.exitCode}): ${output.trim()}`);
      if (Date.now() > deadline) throw new Error(`stripe-mock did not answer within the timeout: ${output.trim()}`);
      const { HTTP: http, HTTPS: https } = listening;
      if (http && https && (await answers(`http://${http}`))) {
        return { url: `http://${http}`, httpsUrl: `https://${https}`, stop };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await stop();
    throw err;
  }
}
