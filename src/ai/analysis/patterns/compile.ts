/*
 * The detectors' pattern lists are data (the JSON files beside this one), compiled once when their module loads.
 * A pattern is its `RegExp#source` and flags; `${NAME}` in a source is replaced by the fragment of that name (a
 * shared piece such as "a person" spelled out once), and a fragment may use the fragments listed before it.
 * The deployment's lexicon supplies ${PRODUCT}, ${ASSETS} and ${TENANT} (lexicon.ts): the patterns name no product.
 */

export interface PatternSpec {
  source: string;
  flags?: string;
  /** What the pattern is for, when its neighbours do not say. */
  note?: string;
}

export interface RuleSpec extends PatternSpec {
  why: string;
}

export interface Rule {
  re: RegExp;
  why: string;
}

export type Fragments = Readonly<Record<string, string>>;

function expand(source: string, fragments: Fragments): string {
  return source.replace(/\$\{(\w+)\}/g, (_, name: string) => {
    const fragment = fragments[name];
    if (fragment === undefined) throw new Error(`pattern fragment \${${name}} is not defined`);
    return fragment;
  });
}

/** Fragments with their own `${NAME}` references resolved, in the order they are listed. */
export function expandFragments(raw: Fragments, base: Fragments = {}): Fragments {
  const out: Record<string, string> = { ...base };
  for (const [name, source] of Object.entries(raw)) out[name] = expand(source, out);
  return out;
}

export function compile(spec: PatternSpec, fragments?: Fragments): RegExp {
  return new RegExp(fragments ? expand(spec.source, fragments) : spec.source, spec.flags ?? '');
}

export function compileAll(specs: PatternSpec[], fragments?: Fragments): RegExp[] {
  return specs.map((s) => compile(s, fragments));
}

export function compileRules(specs: RuleSpec[], fragments?: Fragments): Rule[] {
  return specs.map((s) => ({ re: compile(s, fragments), why: s.why }));
}
