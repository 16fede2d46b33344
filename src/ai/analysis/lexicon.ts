import type { Fragments } from './patterns/compile';

/**
 * A deployment's lexicon: everything the analysis knows about one product that its knowledge base does not say by
 * itself. The code knows languages and support conversations; the lexicon names the product and its things. The file
 * format is documented in the README ("Making it yours: the deployment lexicon").
 */
export interface Lexicon {
  /** The product's names as customers write them ("Acme Pay", "AcmePay"): never a topic, only the product. */
  productNames: string[];
  /** What customers keep in the product and can lose or expose (plural or singular, one word or a phrase). */
  assets: string[];
  /** What one customer's space in the product is called ("company", "organization", "team"). */
  tenant: string[];
  /** Product vocabulary: synonyms and translations of the product's own words, as the shared glossary's format. */
  glossary: { words: Record<string, string>; phrases: Record<string, string> };
}

export const GENERIC_LEXICON: Lexicon = {
  productNames: [],
  assets: [],
  tenant: ['account'],
  glossary: { words: {}, phrases: {} },
};

/** Validates a parsed lexicon file, with a message that names the missing field. */
export function parseLexicon(raw: unknown, source = 'lexicon'): Lexicon {
  const o = (raw ?? {}) as Partial<Lexicon>;
  const list = (k: 'productNames' | 'assets' | 'tenant'): string[] => {
    const v = o[k];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.trim().length > 0))
      throw new Error(`${source}: "${k}" must be a list of non-empty strings`);
    return v;
  };
  const g = o.glossary ?? { words: {}, phrases: {} };
  return {
    productNames: list('productNames'),
    assets: list('assets'),
    tenant: list('tenant'),
    glossary: { words: { ...(g.words ?? {}) }, phrases: { ...(g.phrases ?? {}) } },
  };
}

let deployment: Lexicon | null = null;
let loadDefault: (() => Lexicon) | null = null;
let active: Lexicon | null = null;

/** The process's deployment: set once at start-up from the configured lexicon file. */
export function setDeploymentLexicon(lexicon: Lexicon): void {
  deployment = lexicon;
}

/** Where the deployment's lexicon comes from when start-up did not set one (lexicon-file.ts registers the file). */
export function registerDefaultLexicon(load: () => Lexicon): void {
  loadDefault = load;
}

export function deploymentLexicon(): Lexicon {
  deployment ??= loadDefault ? loadDefault() : GENERIC_LEXICON;
  return deployment;
}

/** The lexicon the analysis reads now: the one a KB index was built with while it analyses, else the deployment's. */
export function activeLexicon(): Lexicon {
  return active ?? deploymentLexicon();
}

/** Runs a synchronous analysis with a given lexicon (analysis is synchronous, so nothing interleaves). */
export function withLexicon<T>(lexicon: Lexicon, fn: () => T): T {
  const before = active;
  active = lexicon;
  try {
    return fn();
  } finally {
    active = before;
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const foldWord = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
/** "invoice" → "invoice(?:s|es)?", "pay run" → "pay[\s-]?runs?": a word list as one regex alternation on folded text. */
function alternation(words: string[], fallback: string): string {
  const forms = words.map((w) => {
    const f = escape(foldWord(w)).replace(/\s+/g, '[\\s-]?');
    return /s$/.test(f) ? f : `${f}(?:s|es)?`;
  });
  return forms.length > 0 ? forms.sort((a, b) => b.length - a.length).join('|') : fallback;
}

/** The pattern fragments a lexicon supplies: ${PRODUCT}, ${ASSETS}, ${TENANT}. */
export function lexiconFragments(lexicon: Lexicon): Fragments {
  return {
    // Matches nothing when the deployment names no product.
    PRODUCT: alternation(lexicon.productNames, '(?!)'),
    ASSETS: alternation(lexicon.assets, '(?!)'),
    TENANT: alternation(lexicon.tenant, 'account'),
  };
}

/** A value built from the active lexicon (compiled patterns, maps), built once per lexicon. */
export function perLexicon<T>(build: (lexicon: Lexicon, fragments: Fragments) => T): () => T {
  const cache = new WeakMap<Lexicon, T>();
  return () => {
    const lexicon = activeLexicon();
    let value = cache.get(lexicon);
    if (value === undefined) {
      value = build(lexicon, lexiconFragments(lexicon));
      cache.set(lexicon, value);
    }
    return value;
  };
}
