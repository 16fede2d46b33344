/**
 * Knowledge-base articles as people write them outside the console: a Markdown file (one article per `# ` heading,
 * optional `Tags:` / `Routes:` / `Id:` lines right under it) or JSON (a list of `{ id?, title, body, tags?, routes? }`,
 * or `{ "articles": [...] }`). Pure: the service validates and stores what this returns.
 */

export interface ArticleDraft {
  id: string | null;
  title: string;
  body: string;
  tags: string[];
  routes: string[];
}

export const ARTICLE_LIMITS = { title: [3, 200], body: [10, 20_000], list: 20, item: 100, articles: 200 } as const;
export const ARTICLE_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;

/** A readable id from a title: `kb-export-a-dashboard-to-pdf`. */
export function articleSlug(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/, '');
  return `kb-${slug || 'article'}`;
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Every `# ` heading starts an article; text before the first heading is ignored. */
export function parseMarkdownArticles(text: string): ArticleDraft[] {
  const out: ArticleDraft[] = [];
  let current: { draft: ArticleDraft; lines: string[]; meta: boolean } | null = null;
  const close = () => {
    if (current) out.push({ ...current.draft, body: current.lines.join('\n').trim() });
  };
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const h = /^#\s+(.+?)\s*#*\s*$/.exec(line);
    if (h) {
      close();
      current = { draft: { id: null, title: h[1], body: '', tags: [], routes: [] }, lines: [], meta: true };
      continue;
    }
    if (!current) continue;
    const m = current.meta ? /^(tags|routes|id)\s*:\s*(.*)$/i.exec(line.trim()) : null;
    if (m) {
      const key = m[1].toLowerCase();
      if (key === 'id') current.draft.id = m[2].trim() || null;
      else current.draft[key as 'tags' | 'routes'] = list(m[2]);
      continue;
    }
    if (line.trim()) current.meta = false;
    current.lines.push(line);
  }
  close();
  return out;
}

const strings = (v: unknown): string[] | null =>
  v === undefined || v === null ? [] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null;

/** A JSON list of articles; what is not an article is a problem naming its place, not a silent skip. */
export function parseJsonArticles(text: string): { drafts: ArticleDraft[]; problems: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { drafts: [], problems: [`the JSON does not parse: ${(err as Error).message}`] };
  }
  const items = Array.isArray(data) ? data : (data as { articles?: unknown } | null)?.articles;
  if (!Array.isArray(items)) return { drafts: [], problems: ['expected a list of articles, or { "articles": [...] }'] };
  const drafts: ArticleDraft[] = [];
  const problems: string[] = [];
  items.forEach((raw, i) => {
    const a = raw as Record<string, unknown> | null;
    const tags = strings(a?.tags);
    const routes = strings(a?.routes);
    if (!a || typeof a !== 'object') problems.push(`articles[${i}] is not an object`);
    else if (typeof a.title !== 'string' || typeof a.body !== 'string')
      problems.push(`articles[${i}] needs a title and a body (strings)`);
    else if (a.id !== undefined && a.id !== null && typeof a.id !== 'string')
      problems.push(`articles[${i}].id must be a string`);
    else if (!tags || !routes) problems.push(`articles[${i}] tags and routes must be lists of strings`);
    else drafts.push({ id: (a.id as string | undefined) ?? null, title: a.title, body: a.body, tags, routes });
  });
  return { drafts, problems };
}

/** What is wrong with one article (empty: nothing), each problem prefixed with `where`. */
export function articleProblems(a: ArticleDraft, where = 'the article'): string[] {
  const p: string[] = [];
  const [tMin, tMax] = ARTICLE_LIMITS.title;
  const [bMin, bMax] = ARTICLE_LIMITS.body;
  if (a.id !== null && !ARTICLE_ID.test(a.id))
    p.push(`${where}: id must be 2-64 lower-case letters, digits and dashes`);
  if (a.title.trim().length < tMin || a.title.length > tMax)
    p.push(`${where}: the title must be ${tMin} to ${tMax} characters`);
  if (a.body.trim().length < bMin || a.body.length > bMax)
    p.push(`${where}: the body must be ${bMin} to ${bMax} characters`);
  for (const key of ['tags', 'routes'] as const) {
    if (a[key].length > ARTICLE_LIMITS.list) p.push(`${where}: at most ${ARTICLE_LIMITS.list} ${key}`);
    if (a[key].some((x) => !x.trim() || x.length > ARTICLE_LIMITS.item))
      p.push(`${where}: each of the ${key} must be 1 to ${ARTICLE_LIMITS.item} characters`);
  }
  if (a.routes.some((r) => !r.startsWith('/'))) p.push(`${where}: routes start with "/"`);
  return p;
}
