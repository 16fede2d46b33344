import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (CHROMIUM_PATH, else /usr/bin/chromium, else whatever `chromium` is on PATH); never a download. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    throw new Error('Chromium not found: install it (apt-get install -y chromium) or set CHROMIUM_PATH');
  }
}

export function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}

/** axe-core run inside the page, on one element (open shadow roots included). */
export async function axeViolations(page: Page, selector: string): Promise<AxeViolation[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  try {
    await page.addScriptTag({ content: source });
  } catch {
    // A page whose CSP forbids inline scripts (the console's): evaluate it through the DevTools protocol instead.
    await page.evaluate(source);
  }
  return page.evaluate(async (sel) => {
    const axe = (
      globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }
    ).axe;
    const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
    const r = await axe.run(doc.querySelector(sel), { resultTypes: ['violations'] });
    return r.violations as never;
  }, selector);
}

/** A tiny web server standing in for the host app: its pages, and its backend's identity-token endpoint. */
export async function startHostServer(
  handler: (url: URL, res: http.ServerResponse, req: http.IncomingMessage) => void,
  port: number,
): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) =>
    handler(new URL(req.url ?? '/', `http://localhost:${port}`), res, req),
  );
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
