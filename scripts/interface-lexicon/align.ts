/**
 * Word alignment of interface strings: which English word each word of another language translates, learned with
 * IBM Model 1 (expectation–maximisation, trained in both directions) over the strings the sources share.
 */
import { SNOWBALL } from '../../src/ai/analysis/cognates';
import { ELISION, fold, isStopword } from '../../src/ai/analysis/text';
import type { Lang } from './sources';

/** English function words are dropped by the broader Snowball list: the alignment needs content words only. */
const ENGLISH_STOPWORDS = new Set(
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('@orama/stopwords/english') as { stopwords: string[] }).stopwords.map((w) => fold(w)),
);

/** Content words of an interface string: placeholders and markup dropped, folded, no function words. */
function tokens(s: string, lang: Lang): string[] {
  const text = s
    .replace(/\{\{?[^}]*\}\}?|%\{[^}]*\}|%\([^)]*\)s|%[sd]|<[^>]+>|&&|\$\{[^}]*\}/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2');
  const out: string[] = [];
  for (const m of text.matchAll(/\p{L}+(?:['’]\p{L}+)?/gu)) {
    const w = fold(m[0]).replace(/’/g, "'").replace(ELISION, '');
    if (w.length < 3 || (lang === 'en' ? ENGLISH_STOPWORDS.has(w) : isStopword(w))) continue;
    out.push(w);
  }
  return out;
}

/** IBM Model 1: p(target word | source word), trained by expectation–maximisation over the sentence pairs. */
function model1(pairs: Array<[string[], string[]]>, iterations = 12): Map<string, Map<string, number>> {
  const NULL = '\u0000';
  const t = new Map<string, Map<string, number>>();
  for (const [src, tgt] of pairs)
    for (const a of [...src, NULL]) {
      const row = t.get(a) ?? new Map<string, number>();
      for (const b of tgt) row.set(b, 1);
      t.set(a, row);
    }
  for (let i = 0; i < iterations; i++) {
    const counts = new Map<string, Map<string, number>>();
    const totals = new Map<string, number>();
    for (const [src, tgt] of pairs) {
      const sources = [...src, NULL];
      for (const b of tgt) {
        const z = sources.reduce((s, a) => s + t.get(a)!.get(b)!, 0);
        for (const a of sources) {
          const c = t.get(a)!.get(b)! / z;
          const row = counts.get(a) ?? new Map<string, number>();
          row.set(b, (row.get(b) ?? 0) + c);
          counts.set(a, row);
          totals.set(a, (totals.get(a) ?? 0) + c);
        }
      }
    }
    for (const [a, row] of counts) for (const [b, c] of row) t.get(a)!.set(b, c / totals.get(a)!);
  }
  t.delete(NULL);
  return t;
}

const best = (row: Map<string, number> | undefined): [string, number] | null =>
  row ? [...row].reduce<[string, number] | null>((m, x) => (m === null || x[1] > m[1] ? x : m), null) : null;

/** One language's word table: each foreign form → the English word its stem aligns with. */
export function align(
  pairs: Array<{ en: string; x: string }>,
  lang: Lang,
  common: Set<string>,
): Record<string, string> {
  const stemOf = SNOWBALL[lang as 'es' | 'fr' | 'de' | 'pt'];
  const enForms = new Map<string, Map<string, number>>();
  const xForms = new Map<string, Map<string, number>>();
  const count = (forms: Map<string, Map<string, number>>, s: string, w: string) => {
    const m = forms.get(s) ?? new Map<string, number>();
    m.set(w, (m.get(w) ?? 0) + 1);
    forms.set(s, m);
    return s;
  };
  const englishWords = new Set<string>();
  const sentences: Array<[string[], string[]]> = [];
  /** Each foreign form with the English stems of the strings it was seen in. */
  const formBeside = new Map<string, Set<string>>();
  const seen = new Set<string>();
  for (const p of pairs) {
    const key = `${p.en}\u0000${p.x}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const enTokens = tokens(p.en, 'en');
    enTokens.forEach((w) => englishWords.add(w));
    const E = [...new Set(enTokens.map((w) => count(enForms, SNOWBALL.en(w), w)))];
    const xTokens = tokens(p.x, lang);
    const X = [...new Set(xTokens.map((w) => count(xForms, stemOf(w), w)))];
    if (E.length > 0 && X.length > 0 && E.length <= 25 && X.length <= 30) {
      sentences.push([E, X]);
      for (const w of xTokens) formBeside.set(w, new Set([...(formBeside.get(w) ?? []), ...E]));
    }
  }
  const eGivenX = model1(sentences.map(([E, X]) => [X, E]));
  const xGivenE = model1(sentences);
  const together = new Map<string, number>();
  const uses = new Map<string, number>();
  for (const [E, X] of sentences)
    for (const x of X) {
      uses.set(x, (uses.get(x) ?? 0) + 1);
      for (const e of E) together.set(`${x}|${e}`, (together.get(`${x}|${e}`) ?? 0) + 1);
    }
  // The English word of a stem group: its shortest frequent form ("access" over "accessibility").
  const wordOf = (forms: Map<string, number>) => {
    const max = Math.max(...forms.values());
    return [...forms].filter(([, c]) => c >= max * 0.2).sort((a, b) => a[0].length - b[0].length)[0][0];
  };
  const out: Record<string, string> = {};
  for (const [x, row] of eGivenX) {
    const top = best(row);
    if (!top) continue;
    const [e, p] = top;
    const c = together.get(`${x}|${e}`) ?? 0;
    const n = uses.get(x) ?? 0;
    const mutual = best(xGivenE.get(e))?.[0] === x;
    if (p < 0.5 || c / n < 0.5 || !(c >= 2 || (mutual && p >= 0.9 && c === n))) continue;
    const english = wordOf(enForms.get(e)!);
    // A word the analysis drops ("use", "need") would give a foreign question terms its English twin lacks.
    if (!/^[a-z]{3,}$/.test(english) || isStopword(english)) continue;
    // A form takes its stem's English only where it was itself seen beside it: Spanish "mesa" (table) shares the
    // stem of "mes" (month).
    for (const form of xForms.get(x)!.keys())
      if (
        form !== english &&
        form.length >= 3 &&
        !englishWords.has(form) &&
        !common.has(form) &&
        formBeside.get(form)?.has(e)
      )
        out[form] = english;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}
