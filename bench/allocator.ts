import { existsSync } from 'node:fs';

/** Where Debian's libjemalloc2 puts the library (the production image links it to the first path). */
const JEMALLOC = [
  '/usr/local/lib/libjemalloc.so.2',
  '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2',
  '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2',
];

/**
 * The memory allocator the bench's worker and API run with: jemalloc, as the production image runs them, when the
 * library is installed; glibc's malloc otherwise or with `BENCH_MALLOC=system`. Temporal's Core allocates each cached
 * run's state machines natively, and glibc's arenas fragment under that churn (see the README's memory notes).
 */
export function allocator(): { name: 'jemalloc' | 'glibc'; env: Record<string, string> } {
  const lib = process.env.BENCH_MALLOC === 'system' ? undefined : JEMALLOC.find((p) => existsSync(p));
  return lib ? { name: 'jemalloc', env: { LD_PRELOAD: lib } } : { name: 'glibc', env: {} };
}
