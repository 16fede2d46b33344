import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EscalationPolicyDocument } from '../domain/escalation';
import type { KbArticleInput } from '../src/ai/analysis/kb-index';
import { parseLexicon, type Lexicon } from '../src/ai/analysis/lexicon';
import { repoRoot } from '../src/paths';
import type { CustomerRecord, LabelledConversation } from '../test/support/devset-eval';

/** One product's data as a deployment ships it: KB, policy, customers and lexicon, from one directory. */
export interface ProductData {
  name: string;
  dir: string;
  kb: KbArticleInput[];
  policy: EscalationPolicyDocument;
  customers: CustomerRecord[];
  lexicon: Lexicon;
  conversations(file: string): LabelledConversation[];
  /** Another labelled file of the product (answer-step labels, say). */
  read<T>(file: string): T;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Reads a product directory; files missing there come from `fallbackDir` (the demo's shared data). */
export function loadProduct(name: string, dir: string, fallbackDir?: string): ProductData {
  const find = (file: string) => {
    const own = path.join(dir, file);
    return existsSync(own) || !fallbackDir ? own : path.join(fallbackDir, file);
  };
  return {
    name,
    dir,
    kb: readJson<KbArticleInput[]>(find('kb.json')),
    policy: readJson<EscalationPolicyDocument>(find('policy.json')),
    customers: readJson<CustomerRecord[]>(find('customers.json')),
    lexicon: parseLexicon(readJson(find('lexicon.json')), find('lexicon.json')),
    conversations: (file) => readJson<LabelledConversation[]>(find(file)),
    read: <T>(file: string) => readJson<T>(find(file)),
  };
}

/** The demo product: the team's data (../shared/data) when present, the repository's copies otherwise. */
export function demoProduct(): ProductData {
  const shared = path.resolve(repoRoot(), '..', 'shared', 'data');
  const own = path.join(repoRoot(), 'data', 'demo');
  const fixtures = path.join(repoRoot(), 'test', 'fixtures');
  const product = loadProduct('demo', existsSync(path.join(shared, 'kb.json')) ? shared : own, own);
  const read = <T>(file: string): T => {
    const f = [path.join(product.dir, file), path.join(fixtures, file)].find((x) => existsSync(x));
    if (!f) throw new Error(`no ${file} for the demo product`);
    return readJson<T>(f);
  };
  return { ...product, conversations: (file) => read<LabelledConversation[]>(file), read };
}

export function payrollProduct(): ProductData {
  return loadProduct('payroll', path.join(repoRoot(), 'test', 'fixtures', 'products', 'payroll'));
}
