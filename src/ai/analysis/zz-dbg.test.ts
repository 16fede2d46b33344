import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../paths';
import { KbIndex, type KbArticleInput } from './kb-index';
import { contentTerms } from './text';
const kb = KbIndex.build(JSON.parse(readFileSync(path.join(repoRoot(), '..', 'shared', 'data', 'kb.json'), 'utf8')) as KbArticleInput[]);
it('dbg', () => {
  const qs: Array<[string, string]> = JSON.parse(readFileSync('/tmp/q.json', 'utf8'));
  for (const [q, route] of qs) {
    const a = kb.answerConfidence(q, { route });
    console.log(q, '\n', contentTerms(q).terms.join(' '), '\n', a.confidence, a.evidence, JSON.stringify(a.hits.slice(0, 4).map((h) => [h.id, h.score, Math.round(h.coverage * 100)])), JSON.stringify(kb.uncoveredAsks(q, a.hits.slice(0, 3).map((h) => h.id))));
  }
});
