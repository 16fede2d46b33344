import { detectAccountIntent } from '../src/ai/account/intents';
import { analyzeTurn } from '../src/ai/analysis/analyze-turn';
import { KbIndex } from '../src/ai/analysis/kb-index';
import '../src/ai/lexicon-file';
import { demoProduct } from '../eval/products';
import { questionFor, TOPICS } from './questions';

/**
 * `node dist/bench/analysis-speed.js` (after `tsc -p bench/tsconfig.json`): the local AI's analysis of a turn in a long
 * conversation, as the worker runs it per message: the demo KB, each turn new text, the eight before it as earlier
 * turns. Three rounds of ANALYSIS_N turns (200), ms per turn; CPU only, so two builds compare in alternating runs
 * even on a shared machine.
 */
const n = Number(process.env.ANALYSIS_N ?? 200);
const kb = KbIndex.build(demoProduct().kb);
const turns = Array.from({ length: 3 * n + 8 }, (_, i) => `${questionFor(i % TOPICS.length, i)} (order ${i})`);
for (let r = 0; r < 3; r++) {
  let t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const k = r * n + i + 8;
    analyzeTurn({ turns: turns.slice(k - 8, k + 1), pageContext: { route: '/dashboards' }, kb });
  }
  const perTurn = (performance.now() - t0) / n;
  t0 = performance.now();
  for (let i = 0; i < n; i++) detectAccountIntent(turns[i]);
  const intent = (performance.now() - t0) / n;
  process.stdout.write(`analyzeTurn ${perTurn.toFixed(3)} ms/turn, detectAccountIntent ${intent.toFixed(3)} ms\n`);
}
