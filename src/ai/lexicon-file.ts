import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../paths';
import { parseLexicon, registerDefaultLexicon, setDeploymentLexicon, type Lexicon } from './analysis/lexicon';

/** lexicon.json beside the seed data when it has one, else the bundled demo deployment's. */
export function defaultLexiconFile(seedDataDir?: string): string {
  const candidates = [
    ...(seedDataDir ? [path.resolve(seedDataDir, 'lexicon.json')] : []),
    path.resolve(repoRoot(), '..', 'shared', 'data', 'lexicon.json'),
    path.join(repoRoot(), 'data', 'demo', 'lexicon.json'),
  ];
  return candidates.find((f) => existsSync(f)) ?? candidates[candidates.length - 1];
}

export function loadLexiconFile(file: string): Lexicon {
  return parseLexicon(JSON.parse(readFileSync(file, 'utf8')), file);
}

/** Loads the deployment's lexicon once at start-up (the worker, the API, tools). */
export function useDeploymentLexicon(opts: { lexiconFile?: string; seedDataDir?: string } = {}): Lexicon {
  const lexicon = loadLexiconFile(opts.lexiconFile ?? defaultLexiconFile(opts.seedDataDir));
  setDeploymentLexicon(lexicon);
  return lexicon;
}

registerDefaultLexicon(() => loadLexiconFile(defaultLexiconFile()));
