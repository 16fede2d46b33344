import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeTurn } from '../src/ai/analysis/analyze-turn';
import { KbIndex, type KbArticleInput } from '../src/ai/analysis/kb-index';
import { defaultSeedDir } from '../src/services/seed';
import { decideEscalation } from '../domain/decide';
import type { EscalationPolicyDocument } from '../domain/escalation';
import { TIERS } from '../domain/vocabulary';
import { questionFor, TOPICS } from './questions';

/** Offline: would the local AI answer every turn of a bench conversation, at every tier, without escalating? */
const dir = defaultSeedDir();
const kb = (JSON.parse(readFileSync(path.join(dir, 'kb.json'), 'utf8')) as KbArticleInput[]).map((a) => ({
  ...a,
  tags: a.tags ?? [],
  routes: a.routes ?? [],
}));
const policy = JSON.parse(readFileSync(path.join(dir, 'policy.json'), 'utf8')) as EscalationPolicyDocument;
const index = KbIndex.build(kb);
let bad = 0;
for (const tier of TIERS) {
  for (let offset = 0; offset < TOPICS.length; offset++) {
    const turns: string[] = [];
    let patience = 0;
    for (let i = 0; i < 40; i++) {
      const q = questionFor(offset, i);
      const a = analyzeTurn({ turns: [...turns.slice(-8), q], pageContext: {}, kb: index });
      const d = decideEscalation(a, policy, tier, patience);
      if (d.escalate) {
        bad++;
        console.log(
          `${tier} offset ${offset} turn ${i} "${q}": ${d.reason} conf=${a.answer.confidence.toFixed(2)} ${a.answer.evidence ?? ''}`,
        );
        break;
      }
      patience = d.aiTurnsOnProblem;
      turns.push(q);
    }
  }
}
console.log(bad === 0 ? 'every bench question is answered without escalation' : `${bad} sequences escalate`);
process.exit(bad === 0 ? 0 : 1);
