import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { errorCodes, fold } from '../src/ai/analysis/text';
import { demoProduct } from '../eval/products';

/**
 * src/ai is product-agnostic: no word of the demo product's own vocabulary (its name, what its customers keep in it,
 * its tenant, its error codes) may appear in the code or the detectors' pattern files. That vocabulary lives in the
 * deployment's lexicon.json and knowledge base. Tests (*.test.ts) exercise the demo deployment and may name it.
 * The shared multilingual glossary (data/lexicon/glossary.json) serves every deployment alike: it names none of it either.
 */
// "connector" is also general integration vocabulary ("an Oracle connector", like "plugin" or "driver") in kb-names.json; UTF-8 is an encoding.
const GENERAL_SOFTWARE_WORDS = new Set(['connector', 'utf-8']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.(ts|json)$/.test(name) && !name.endsWith('.test.ts') ? [full] : [];
  });
}

const root = path.resolve(__dirname, '..');
const demo = demoProduct();
const vocabulary = [
  ...demo.lexicon.productNames,
  ...demo.lexicon.assets,
  ...demo.lexicon.tenant,
  ...demo.kb.flatMap((a) => errorCodes(`${a.title} ${a.body}`)),
]
  .map((w) => fold(w))
  .filter((w) => !GENERAL_SOFTWARE_WORDS.has(w));

it('src/ai and the shared glossary name nothing of the demo product: its name, assets, tenant or error codes', () => {
  expect(vocabulary).toEqual(expect.arrayContaining(['lumen', 'dashboard', 'workspace']));
  const found: string[] = [];
  for (const file of [...files(path.join(root, 'src', 'ai')), path.join(root, 'data', 'lexicon', 'glossary.json')]) {
    const text = fold(readFileSync(file, 'utf8'));
    for (const word of vocabulary) {
      const re = new RegExp(`(?<![\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'u');
      if (re.test(text)) found.push(`${path.relative(root, file)}: ${word}`);
    }
  }
  expect(found).toEqual([]);
});
