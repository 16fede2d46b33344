const started = Date.now();

/** One progress line on stderr, with the time since the bench started. */
export function progress(msg: string): void {
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${msg}\n`);
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

const round = (x: number) => Math.round(x * 10) / 10;

/** Nearest-rank percentiles, in the samples' unit (ms), to 0.1. */
export function percentiles(samples: number[]): Percentiles {
  if (samples.length === 0) return { n: 0, p50: NaN, p95: NaN, p99: NaN };
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  return { n: s.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)) };
}

export const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '—');

/** A plain-text table, columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Runs `worker(i)` for i in [0, concurrency) in parallel. */
export async function inParallel<T>(concurrency: number, worker: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
}

/** `n` jobs drained by `concurrency` runners; each job's index is handed to `job`. */
export async function pool(n: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await inParallel(Math.min(n, concurrency), async () => {
    while (next < n) await job(next++);
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Each process's CPU seconds between two readings, scaled by `k` and rounded to `digits`. */
function cpuBetween(before: Record<string, number>, after: Record<string, number>, k: number, digits: number) {
  const f = 10 ** digits;
  return Object.fromEntries(Object.keys(before).map((p) => [p, Math.round((after[p] - before[p]) * k * f) / f]));
}

/** Share of one core each process used between two readings `seconds` apart (200 = both cores here). */
export function cpuPercentBetween(before: Record<string, number>, after: Record<string, number>, seconds: number) {
  return cpuBetween(before, after, 100 / seconds, 0);
}

/** CPU ms per item of each process between two readings, and their total. */
export function cpuMsPer(before: Record<string, number>, after: Record<string, number>, n: number) {
  const per = cpuBetween(before, after, 1000 / Math.max(1, n), 1);
  return { ...per, total: Math.round(Object.values(per).reduce((a, b) => a + b, 0) * 10) / 10 };
}
