interface StemmerModule {
  stemmer(word: string): string;
}
interface StopwordModule {
  stopwords: string[];
}
// The packages ship CommonJS builds (dist/*.cjs) but type them as ES modules, which a CommonJS file cannot import.
/* eslint-disable @typescript-eslint/no-require-imports */
const english = (require('@orama/stemmers/english') as StemmerModule).stemmer;
const STEMMER_MODULES = [
  require('@orama/stemmers/spanish'),
  require('@orama/stemmers/french'),
  require('@orama/stemmers/german'),
  require('@orama/stemmers/portuguese'),
  require('@orama/stemmers/italian'),
  require('@orama/stemmers/dutch'),
] as StemmerModule[];
const STOPWORD_MODULES = [
  require('@orama/stopwords/english'),
  require('@orama/stopwords/spanish'),
  require('@orama/stopwords/french'),
  require('@orama/stopwords/german'),
  require('@orama/stopwords/portuguese'),
  require('@orama/stopwords/italian'),
  require('@orama/stopwords/dutch'),
] as StopwordModule[];
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Cognates across languages, with the Snowball stemmers (`@orama/stemmers`): "duplicados", "dupliqués" and
 * "duplicates" all stem to "duplic" in their own language, "automáticamente", "automatiquement" and "automatisch" to
 * "automat". The knowledge base is written in one language (English here); a question word it never uses is matched
 * to a KB word when one of the languages' stemmers gives the stem the English stemmer gives that KB word.
 */

/** The Snowball stemmers by language: English and the languages the analysis reads besides it. */
export const SNOWBALL: Readonly<Record<'en' | 'es' | 'fr' | 'de' | 'pt' | 'it' | 'nl', (w: string) => string>> = {
  en: english,
  ...(Object.fromEntries(
    (['es', 'fr', 'de', 'pt', 'it', 'nl'] as const).map((code, i) => [code, STEMMER_MODULES[i].stemmer]),
  ) as Record<'es' | 'fr' | 'de' | 'pt' | 'it' | 'nl', (w: string) => string>),
};

/** Stemmers tried on a question word, the KB's language first. */
const STEMMERS = [english, ...STEMMER_MODULES.map((m) => m.stemmer)];
/** Words remembered per lookup table: customers' words are open-ended, a long-running worker must not grow with them. */
const CACHE_LIMIT = 20_000;

function remember<V>(cache: Map<string, V>, word: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, value);
  return value;
}

/** Shorter stems collide by chance ("nota" → "not"). */
const MIN_STEM = 5;

/** Function words of these languages (the `@orama/stopwords` lists, folded): never bridged to a KB word. */
const FUNCTION_WORDS = new Set(STOPWORD_MODULES.flatMap((m) => m.stopwords.map(foldWord)));

function foldWord(w: string): string {
  return w
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function isFunctionWord(folded: string): boolean {
  return FUNCTION_WORDS.has(folded);
}

/** A KB's cognate map: the English Snowball stem of each word it uses → that word's key in the index. */
export class Cognates {
  private readonly byStem = new Map<string, string>();
  private readonly cache = new Map<string, string | null>();

  /** `kbWords` are the KB's folded words with their index keys (most frequent first wins). */
  constructor(kbWords: Iterable<[word: string, key: string]>) {
    for (const [word, key] of kbWords) {
      if (FUNCTION_WORDS.has(word) || /\d/.test(word)) continue;
      const s = english(word);
      if (s.length >= MIN_STEM && !this.byStem.has(s)) this.byStem.set(s, key);
    }
  }

  /** The KB key a word the KB never uses stands for, or null. `word` is folded. */
  keyFor(word: string): string | null {
    const hit = this.cache.get(word);
    if (hit !== undefined) return hit;
    let key: string | null = null;
    if (word.length >= MIN_STEM && !FUNCTION_WORDS.has(word) && !/\d/.test(word)) {
      for (const stem of STEMMERS) {
        const s = stem(word);
        const found = s.length >= MIN_STEM ? this.byStem.get(s) : undefined;
        if (found) {
          key = found;
          break;
        }
      }
    }
    return remember(this.cache, word, key);
  }
}

/** A glossary stem shorter than this is not matched by stem ("pago" → "pag"). */
const MIN_GLOSSARY_STEM = 4;

/**
 * A glossary looked up by Snowball stem in each language as well as by exact word: "reembolsaron" finds the entry
 * for "reembolso", "Mitarbeitern" the one for "mitarbeiter". A word matches an entry only through the same
 * language's stemmer.
 */
export class StemmedGlossary {
  private readonly byStem = new Map<string, string>();
  private readonly cache = new Map<string, string | undefined>();

  constructor(words: Record<string, string>) {
    for (const [key, value] of Object.entries(words)) {
      if (/\d/.test(key)) continue;
      STEMMER_MODULES.forEach((m, i) => {
        const s = m.stemmer(key);
        const k = `${i}:${s}`;
        if (s.length >= MIN_GLOSSARY_STEM && !this.byStem.has(k)) this.byStem.set(k, value);
      });
    }
  }

  /** The entry for a folded word no entry names exactly, found by its stem; undefined when none. */
  lookup(word: string): string | undefined {
    if (this.cache.has(word)) return this.cache.get(word);
    let found: string | undefined;
    if (!FUNCTION_WORDS.has(word) && !/\d/.test(word)) {
      for (let i = 0; i < STEMMER_MODULES.length && found === undefined; i++) {
        const s = STEMMER_MODULES[i].stemmer(word);
        if (s.length >= MIN_GLOSSARY_STEM) found = this.byStem.get(`${i}:${s}`);
      }
    }
    return remember(this.cache, word, found);
  }
}
