import { useEffect, useState } from 'preact/hooks';
import { api } from '../../app';
import { ArticlesQuery } from '../../api/operations/knowledge';
import type { ConsoleArticleFragment } from '../../gql/graphql';
import { useConsole } from '../context';
import { useDebounced } from '../hooks';
import { go, href, parseRoute } from '../router';
import { ImportDialog } from './ImportDialog';

/** The knowledge base: search (full-text), archived on demand, a new article, an import. */
export function ArticleList({ selected, version: outer }: { selected: string | null; version: number }) {
  const { isLead } = useConsole();
  const [search, setSearch] = useState('');
  const [archived, setArchived] = useState(false);
  const [rows, setRows] = useState<ConsoleArticleFragment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [version, setVersion] = useState(0);
  const load = () =>
    api.request(ArticlesQuery, { search: search.trim() || null, includeArchived: archived }).then(
      (r) => (setRows(r.kbArticles.edges.map((e) => e.node)), setError(null)),
      (e: Error) => setError(e.message),
    );
  const later = useDebounced(() => void load(), 250);
  useEffect(() => later(), [search]);
  useEffect(() => void load(), [archived, selected, version, outer]);
  return (
    <>
      <form class="list-tools" role="search" onSubmit={(e) => (e.preventDefault(), void load())}>
        <label for="kb-search" class="sr-only">
          Search articles
        </label>
        <input
          id="kb-search"
          type="search"
          placeholder="Search articles…"
          value={search}
          onInput={(e) => setSearch(e.currentTarget.value)}
        />
        <label class="check">
          <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.currentTarget.checked)} /> Archived
          too
        </label>
      </form>
      {isLead && (
        <div class="list-tools">
          <button type="button" onClick={() => go('knowledge', 'articles/new')}>
            New article
          </button>
          <button type="button" onClick={() => setImporting(true)}>
            Import…
          </button>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {rows?.length === 0 && <p class="empty-note">No article matches.</p>}
      <ul class="rows" aria-label="Articles">
        {rows?.map((a) => (
          <li key={a.id}>
            <a
              class="row-link"
              href={href({ ...parseRoute(), screen: 'knowledge', item: `articles/${a.id}` })}
              aria-current={a.id === selected ? 'true' : undefined}
              onClick={(e) => {
                e.preventDefault();
                go('knowledge', `articles/${a.id}`);
              }}
            >
              <strong>{a.title}</strong>
              <span class="muted small">
                {a.id} · v{a.version}
                {a.archivedAt && ' · archived'}
                {a.tags.length > 0 && ` · ${a.tags.join(', ')}`}
              </span>
            </a>
          </li>
        ))}
      </ul>
      {importing && <ImportDialog onClose={() => setImporting(false)} onDone={() => setVersion((v) => v + 1)} />}
    </>
  );
}
