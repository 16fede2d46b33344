/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4): HELP and TYPE lines, samples with
 * escaped label values, special float values. A malformed line, or a sample no TYPE line announced, throws: what
 * a scraper could not read fails the test.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: string;
  help: string;
  samples: Sample[];
}

export type Exposition = Map<string, Family>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };

/** Values as Prometheus reads them (Go's ParseFloat): special values in any case, so prom-client's "Nan" too. */
function parseValue(s: string, line: string): number {
  if (/^\+?inf(inity)?$/i.test(s)) return Infinity;
  if (/^-inf(inity)?$/i.test(s)) return -Infinity;
  if (/^nan$/i.test(s)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s))
    throw new Error(`bad sample value ${JSON.stringify(s)} in: ${line}`);
  return Number(s);
}

function parseLabels(text: string, line: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 1; // after '{'
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === '}') return { labels, rest: text.slice(i + 1) };
    const name = LABEL_NAME.exec(text.slice(i))?.[0];
    if (!name || text.slice(i + name.length, i + name.length + 2) !== '="') throw new Error(`bad label in: ${line}`);
    i += name.length + 2;
    let value = '';
    for (;;) {
      const c = text[i++];
      if (c === undefined) throw new Error(`unterminated label value in: ${line}`);
      if (c === '"') break;
      if (c === '\\') {
        const e = text[i++];
        if (e === 'n') value += '\n';
        else if (e === '\\' || e === '"') value += e;
        else throw new Error(`bad escape \\${e} in: ${line}`);
      } else value += c;
    }
    if (name in labels) throw new Error(`label ${name} twice in: ${line}`);
    labels[name] = value;
    while (text[i] === ' ') i++;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') throw new Error(`expected , or } in: ${line}`);
  }
}

export function parseExposition(text: string): Exposition {
  const families: Exposition = new Map();
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, type: 'untyped', help: '', samples: [] }));
    return f;
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$/.exec(line);
    if (meta) {
      const f = family(meta[2]);
      if (meta[1] === 'HELP') f.help = meta[3].replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      else if (['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(meta[3])) f.type = meta[3];
      else throw new Error(`unknown metric type in: ${line}`);
      continue;
    }
    if (line.startsWith('#')) continue;
    const name = NAME.exec(line)?.[0];
    if (!name) throw new Error(`bad sample line: ${line}`);
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest, line));
    const parts = rest.trim().split(/\s+/);
    if (parts.length < 1 || parts.length > 2 || parts[0] === '') throw new Error(`bad sample line: ${line}`);
    const owner =
      families.get(name) ??
      [...families.values()].find((f) => (SUFFIXES[f.type] ?? []).some((s) => name === f.name + s));
    if (!owner) throw new Error(`sample ${name} has no # TYPE line before it`);
    owner.samples.push({ name, labels, value: parseValue(parts[0], line) });
  }
  return families;
}

const matches = (labels: Record<string, string>, want: Record<string, string>) =>
  Object.entries(want).every(([k, v]) => labels[k] === v);

/** Samples of one series name whose labels include `want`. */
export function samples(exp: Exposition, name: string, want: Record<string, string> = {}): Sample[] {
  return [...exp.values()].flatMap((f) => f.samples).filter((s) => s.name === name && matches(s.labels, want));
}

/** Sum of the matching samples (0 when there are none: a series not yet observed). */
export function total(exp: Exposition, name: string, want: Record<string, string> = {}): number {
  return samples(exp, name, want).reduce((n, s) => n + s.value, 0);
}

/** The one sample with exactly these labels (throws when absent). */
export function valueOf(exp: Exposition, name: string, labels: Record<string, string> = {}): number {
  const found = samples(exp, name, labels).filter((s) => Object.keys(s.labels).length === Object.keys(labels).length);
  if (found.length !== 1) throw new Error(`expected one ${name}${JSON.stringify(labels)}, found ${found.length}`);
  return found[0].value;
}
