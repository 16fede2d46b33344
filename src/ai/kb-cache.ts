import type { DataSource } from 'typeorm';
import { KbIndex, type KbArticleInput } from './analysis/kb-index';
// Registers the deployment's lexicon file as the default for every index built here.
import './lexicon-file';

const RECHECK_MS = 2000;

/** Where an answerer reads the knowledge base from: the live cache, or a fixed view (a replay with a draft added). */
export interface KbSource {
  current(): Promise<{ index: KbIndex; articles: Map<string, KbArticleInput> }>;
}

/** A fixed knowledge base: the given articles, indexed once. */
export class StaticKb implements KbSource {
  private readonly view: { index: KbIndex; articles: Map<string, KbArticleInput> };
  constructor(articles: KbArticleInput[]) {
    this.view = { index: KbIndex.build(articles), articles: new Map(articles.map((a) => [a.id, a])) };
  }
  async current() {
    return this.view;
  }
}

/**
 * The knowledge base as the AI reads it: kb_articles from PostgreSQL, indexed in memory, rebuilt when an article is
 * added, changed or archived (checked at most every two seconds), so an approved article is used from that moment on;
 * archived articles are left out.
 */
export class KbCache implements KbSource {
  private index: KbIndex | null = null;
  private articles: Map<string, KbArticleInput> = new Map();
  private stamp = '';
  private checkedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(private readonly ds: DataSource) {}

  async current(): Promise<{ index: KbIndex; articles: Map<string, KbArticleInput> }> {
    if (!this.index || Date.now() - this.checkedAt > RECHECK_MS) {
      this.loading ??= this.refresh().finally(() => (this.loading = null));
      await this.loading;
    }
    return { index: this.index!, articles: this.articles };
  }

  /** An article was just published here: the next read rebuilds the index instead of waiting for the recheck. */
  invalidate(): void {
    this.checkedAt = 0;
  }

  /** The articles as they are now, for building a variant of the knowledge base. */
  async articlesNow(): Promise<KbArticleInput[]> {
    return [...(await this.current()).articles.values()];
  }

  private async refresh(): Promise<void> {
    const [{ stamp }] = (await this.ds.query(
      `SELECT count(*)::text || ':' || coalesce(max(updated_at)::text, '') || ':' || coalesce(sum(version), 0)::text AS stamp FROM kb_articles`,
    )) as Array<{ stamp: string }>;
    this.checkedAt = Date.now();
    if (this.index && stamp === this.stamp) return;
    const rows = (await this.ds.query(
      'SELECT id, title, body, tags, routes FROM kb_articles WHERE archived_at IS NULL ORDER BY id',
    )) as KbArticleInput[];
    this.index = KbIndex.build(rows);
    this.articles = new Map(rows.map((r) => [r.id, r]));
    this.stamp = stamp;
  }
}
