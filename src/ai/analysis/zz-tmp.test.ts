import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EscalationPolicyDocument } from '../../../workflows/escalation/escalation.types';
import { repoRoot } from '../../paths';
import { evaluateDevSet, formatReport, type CustomerRecord, type LabelledConversation } from './devset-eval';
import type { KbArticleInput } from './kb-index';

const dataDir = path.join(repoRoot(), '..', 'shared', 'data');
const load = <T>(file: string): T => JSON.parse(readFileSync(path.join(dataDir, file), 'utf8')) as T;
it('eval', () => {
  const out: string[] = [];
  for (const f of ['dev', 'train-a', 'train-b', 'challenge', 'check']) {
    const p = f === 'dev' ? path.join(dataDir, 'conversations.dev.json') : path.join(repoRoot(), 'test', 'fixtures', `conversations.${f}.json`);
    const convs = JSON.parse(readFileSync(p, 'utf8')) as LabelledConversation[];
    const r = evaluateDevSet(convs, load<KbArticleInput[]>('kb.json'), load<EscalationPolicyDocument>('policy.json'), load<CustomerRecord[]>('customers.json'));
    out.push(`=== ${f}\n` + formatReport(r));
  }
  writeFileSync('/tmp/eval.txt', out.join('\n'));
});
