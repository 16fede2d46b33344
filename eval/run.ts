import { EVAL_SETS } from './sets';

/** `npm run eval [name filter] [--details]`: every evaluation set's figures, one block per set. */
const args = process.argv.slice(2);
const details = args.includes('--details');
const filter = args.find((a) => !a.startsWith('--'));
async function main(): Promise<void> {
  for (const set of EVAL_SETS.filter((s) => !filter || s.name.includes(filter))) {
    const started = Date.now();
    const result = await set.run();
    const figures = Object.entries(result.figures)
      .map(([k, v]) => `${k}: ${v}`)
      .join(' | ');
    console.log(`${set.name} (${Date.now() - started} ms)\n  ${figures}`);
    if (details) for (const line of result.details) console.log(`    ${line}`);
  }
}

void main();
