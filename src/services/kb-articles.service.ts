import type { DataSource, EntityManager } from 'typeorm';
import {
  ARTICLE_LIMITS,
  articleProblems,
  articleSlug,
  parseJsonArticles,
  parseMarkdownArticles,
  type ArticleDraft,
} from '../../domain/knowledge/article-import';
import type { Principal } from '../auth/jwt';
import { badInput, conflict, notFound } from '../errors';
import { knowledgeEditor } from './knowledge-editors';
import { decodeCursor, pageOf, pageSize, type Page } from './pagination';

export interface KbArticleRow {
  id: string;
  title: string;
  body: string;
  tags: string[];
  routes: string[];
  version: number;
  updatedAt: Date;
  archivedAt: Date | null;
}

export interface KbArticleVersionRow {
  version: number;
  title: string;
  body: string;
  editedBy: string;
  createdAt: Date;
}

export interface ArticleInput {
  id?: string | null;
  title: string;
  body: string;
  tags?: string[] | null;
  routes?: string[] | null;
}

const COLUMNS = `id, title, body, tags, routes, version, updated_at AS "updatedAt", archived_at AS "archivedAt"`;

/**
 * The knowledge base as admins and lead agents keep it: every write is a new version (kept in kb_article_versions)
 * and moves `updated_at`, which is what the AI's index watches (src/ai/kb-cache.ts), so answers follow each change.
 * Archived articles stay for history and old citations, but the AI no longer reads them.
 */
export class KbArticlesService {
  constructor(private readonly ds: DataSource) {}

  /** By title, or by relevance to `search` (PostgreSQL full-text search over title, tags and body). */
  async list(opts: {
    search?: string | null;
    includeArchived?: boolean | null;
    first?: number | null;
    after?: string | null;
  }): Promise<Page<KbArticleRow>> {
    const size = pageSize(opts.first);
    const cursor = decodeCursor(opts.after, 1);
    const offset = cursor ? Number(cursor[0]) + 1 : 0;
    if (!Number.isInteger(offset) || offset < 0) throw badInput('after is not a cursor this connection issued');
    const search = opts.search?.trim() || null;
    if (search && search.length > 200) throw badInput('search must be at most 200 characters');
    const rows: KbArticleRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM kb_articles
       WHERE ($1::boolean OR archived_at IS NULL)
         AND ($2::text IS NULL OR search @@ websearch_to_tsquery('english', $2) OR title ILIKE '%' || $2 || '%')
       ORDER BY CASE WHEN $2::text IS NULL THEN 0 ELSE ts_rank(search, websearch_to_tsquery('english', $2)) END DESC,
         lower(title), id
       LIMIT $3 OFFSET $4`,
      [opts.includeArchived ?? false, search, size + 1, offset],
    );
    return pageOf(rows, size, (_r, i) => [offset + i], offset > 0);
  }

  async get(id: string): Promise<KbArticleRow> {
    const [row]: KbArticleRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM kb_articles WHERE id = $1`, [id]);
    if (!row) throw notFound('article');
    return row;
  }

  /** For a DataLoader: the articles of these ids (null where none). */
  async byIds(ids: readonly string[]): Promise<Array<KbArticleRow | null>> {
    const rows: KbArticleRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM kb_articles WHERE id = ANY($1)`, [ids]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Newest first. */
  versions(id: string): Promise<KbArticleVersionRow[]> {
    return this.ds.query(
      `SELECT version, title, body, edited_by AS "editedBy", created_at AS "createdAt" FROM kb_article_versions
       WHERE article_id = $1 ORDER BY version DESC LIMIT 50`,
      [id],
    );
  }

  async create(principal: Principal, input: ArticleInput): Promise<KbArticleRow> {
    const editor = await knowledgeEditor(this.ds, principal);
    const draft = this.draft(input);
    const id = draft.id ?? articleSlug(draft.title);
    return this.ds.transaction(async (m) => {
      const [taken] = await m.query('SELECT 1 FROM kb_articles WHERE id = $1', [id]);
      if (taken) throw conflict(`an article with the id ${id} exists already: edit it instead`);
      return this.write(m, { ...draft, id }, editor, null);
    });
  }

  /** A new version; with `expectedVersion`, refused (CONFLICT) when someone saved another in between. */
  async update(
    principal: Principal,
    id: string,
    input: ArticleInput,
    expectedVersion: number | null | undefined,
  ): Promise<KbArticleRow> {
    const editor = await knowledgeEditor(this.ds, principal);
    const draft = this.draft({ ...input, id });
    return this.ds.transaction(async (m) => {
      const [row]: Array<{ version: number }> = await m.query(
        'SELECT version FROM kb_articles WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!row) throw notFound('article');
      if (expectedVersion != null && expectedVersion !== row.version)
        throw conflict(`the article is at version ${row.version} now: reload it and edit that`);
      return this.write(m, { ...draft, id }, editor, row.version);
    });
  }

  async archive(principal: Principal, id: string, archived: boolean): Promise<KbArticleRow> {
    const editor = await knowledgeEditor(this.ds, principal);
    const rows: unknown[] = await this.ds.query(
      `WITH u AS (UPDATE kb_articles SET archived_at = CASE WHEN $2 THEN COALESCE(archived_at, now()) END,
         archived_by = CASE WHEN $2 THEN COALESCE(archived_by, $3) END, updated_at = now()
       WHERE id = $1 RETURNING id) SELECT id FROM u`,
      [id, archived, editor],
    );
    if (rows.length === 0) throw notFound('article');
    return this.get(id);
  }

  /** Markdown or JSON; every article is checked before any is written, then all are written in one transaction. */
  async import(
    principal: Principal,
    format: 'MARKDOWN' | 'JSON',
    content: string,
  ): Promise<{ created: number; updated: number; articles: KbArticleRow[] }> {
    const editor = await knowledgeEditor(this.ds, principal);
    if (content.length > 1_000_000) throw badInput('an import is at most 1 MB');
    const parsed =
      format === 'JSON' ? parseJsonArticles(content) : { drafts: parseMarkdownArticles(content), problems: [] };
    const drafts = parsed.drafts.map((d) => ({ ...d, id: d.id ?? articleSlug(d.title) }));
    const problems = [...parsed.problems, ...drafts.flatMap((d, i) => articleProblems(d, `article ${i + 1}`))];
    const ids = drafts.map((d) => d.id);
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (twice.length) problems.push(`the import names ${[...new Set(twice)].join(', ')} more than once`);
    if (drafts.length === 0 && problems.length === 0)
      problems.push(format === 'MARKDOWN' ? 'no article found: each starts with a "# Title" line' : 'no article');
    if (drafts.length > ARTICLE_LIMITS.articles) problems.push(`at most ${ARTICLE_LIMITS.articles} articles at once`);
    if (problems.length) throw badInput(`nothing was imported: ${problems.join('; ')}`);
    return this.ds.transaction(async (m) => {
      let created = 0;
      const articles: KbArticleRow[] = [];
      for (const d of drafts) {
        const [row]: Array<{ version: number }> = await m.query(
          'SELECT version FROM kb_articles WHERE id = $1 FOR UPDATE',
          [d.id],
        );
        if (!row) created++;
        articles.push(await this.write(m, d, editor, row?.version ?? null));
      }
      return { created, updated: drafts.length - created, articles };
    });
  }

  private draft(input: ArticleInput): ArticleDraft {
    const d: ArticleDraft = {
      id: input.id ?? null,
      title: input.title?.trim() ?? '',
      body: input.body?.trim() ?? '',
      tags: (input.tags ?? []).map((t) => t.trim()),
      routes: (input.routes ?? []).map((r) => r.trim()),
    };
    const problems = articleProblems(d);
    if (problems.length) throw badInput(problems.join('; '));
    return d;
  }

  /** Inserts version 1 or the next version, with its history row; an archived article edited comes back. */
  private async write(
    m: EntityManager,
    d: ArticleDraft & { id: string },
    editor: string,
    current: number | null,
  ): Promise<KbArticleRow> {
    const version = (current ?? 0) + 1;
    const values = [d.id, d.title, d.body, d.tags, d.routes, d.tags.join(' '), version];
    if (current === null)
      await m.query(
        `INSERT INTO kb_articles (id, title, body, tags, routes, keywords, version) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
        values,
      );
    else
      await m.query(
        `UPDATE kb_articles SET title = $2, body = $3, tags = $4, routes = $5, keywords = $6, version = $7,
           archived_at = NULL, archived_by = NULL, updated_at = now() WHERE id = $1`,
        values,
      );
    await m.query(
      `INSERT INTO kb_article_versions (article_id, version, title, body, tags, routes, edited_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (article_id, version) DO NOTHING`,
      [d.id, version, d.title, d.body, d.tags, d.routes, editor],
    );
    const [row]: KbArticleRow[] = await m.query(`SELECT ${COLUMNS} FROM kb_articles WHERE id = $1`, [d.id]);
    return row;
  }
}
