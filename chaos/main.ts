import 'reflect-metadata';
import { cpus, loadavg, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { progress } from '../bench/report';
import { repoRoot } from '../src/paths';
import { resultsTable } from './report';
import { runChaos } from './runner';
import { SHORT } from './scenarios';

/**
 * `npm run chaos`: every fault scenario against real processes, a table, and chaos/results/latest.json.
 * CHAOS_SHORT=1 runs the CI subset (written to short.json.tmp); CHAOS_ONLY=a,b picks scenarios (written to
 * only.json.tmp); CHAOS_SAVE_HISTORY=1 keeps a history whose claim landed mid-escalation as a replay fixture.
 */
async function main(): Promise<void> {
  const t0 = Date.now();
  // The machine's load beside the run (a shared machine slows every scenario): 1, 5 and 15-minute averages.
  const loadAtStart = loadavg().map((n) => Math.round(n * 100) / 100);
  const short = process.env.CHAOS_SHORT === '1';
  const only = process.env.CHAOS_ONLY?.split(',').filter(Boolean);
  const results = await runChaos({
    short,
    only: only ?? (short ? SHORT : undefined),
    saveClaimHistory: process.env.CHAOS_SAVE_HISTORY === '1',
  });
  const cpu = cpus();
  const out = {
    at: new Date(t0).toISOString(),
    durationS: Math.round((Date.now() - t0) / 1000),
    machine: `${cpu[0]?.model.trim() ?? 'unknown cpu'}, ${cpu.length} cores, ${Math.round(totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}`,
    run: short ? 'short (CHAOS_SHORT=1)' : 'full',
    loadAverage: { start: loadAtStart, end: loadavg().map((n) => Math.round(n * 100) / 100) },
    passed: results.every((r) => r.passed),
    scenarios: results,
  };
  const dir = path.join(repoRoot(), 'chaos', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, only ? 'only.json.tmp' : short ? 'short.json.tmp' : 'latest.json');
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(
    `${resultsTable(results)}\n\nwritten: ${path.relative(process.cwd(), file)} in ${out.durationS} s\n`,
  );
  if (!out.passed) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    progress(`chaos failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
