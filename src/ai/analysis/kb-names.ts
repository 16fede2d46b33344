import type { KbCorpus } from './kb-corpus';
import { isGenericTerm } from './kb-lexicon';
import patterns from './patterns/kb-names.json';
import { compile } from './patterns/compile';
import { isStopword, stem, words } from './text';

// The slots a product or platform name sits in; global, used only through matchAll (which leaves lastIndex alone).
const NAME_SLOTS = [
  compile(patterns.INTEGRATION_SLOT),
  compile(patterns.PRODUCT_NOUN),
  compile(patterns.SUPPORTED_THING),
];

/**
 * Product or platform names in an integration slot ("integrate with X", "an X connector", "does it run on X")
 * that the KB never mentions.
 */
export function unknownNames(corpus: KbCorpus, question: string): string[] {
  const out: string[] = [];
  for (const re of NAME_SLOTS) {
    for (const m of question.matchAll(re)) {
      const name = m[1];
      const parts = words(name)
        .filter((w) => !isStopword(w))
        .map(stem)
        .filter((t) => t.length > 1);
      if (parts.length === 0) continue;
      const nameLike = /[\p{Lu}]/u.test(name) || /\d/.test(name);
      if (!nameLike) continue;
      if (parts.some((p) => !corpus.knows(p) && !isGenericTerm(p))) out.push(name.trim());
    }
  }
  return out;
}
