import { useEffect, useState } from 'preact/hooks';
import { api } from '../../app';
import {
  ArchiveArticleMutation,
  ArticleQuery,
  CreateArticleMutation,
  UpdateArticleMutation,
} from '../../api/operations/knowledge';
import type { ConsoleArticleDetailQuery } from '../../gql/graphql';
import { useConsole } from '../context';
import { dateTime } from '../format';
import { useAgentName } from '../money/BillingActions';
import { go } from '../router';

type Article = ConsoleArticleDetailQuery['kbArticle'];
const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Create, or edit as the next version (refused if someone saved one in between), archive and restore. */
export function ArticleEditor({ id, onChanged }: { id: string | null; onChanged(): void }) {
  const name = useAgentName();
  const { isLead } = useConsole();
  const [a, setA] = useState<Article | null>(null);
  const [f, setF] = useState({ title: '', body: '', tags: '', routes: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const load = () =>
    id &&
    api.request(ArticleQuery, { id }).then(
      (r) => {
        setA(r.kbArticle);
        const k = r.kbArticle;
        setF({ title: k.title, body: k.body, tags: k.tags.join(', '), routes: k.routes.join(', ') });
      },
      (e: Error) => setError(e.message),
    );
  useEffect(() => void load(), [id]);
  if (id && !a) return <p role={error ? 'alert' : 'status'}>{error ?? 'Loading the article…'}</p>;

  const input = { title: f.title, body: f.body, tags: list(f.tags), routes: list(f.routes) };
  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      setSaved(await fn());
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(async () => {
      if (!a) {
        const r = (await api.request(CreateArticleMutation, { input })).createKbArticle;
        go('knowledge', `articles/${r.id}`);
        return `Created ${r.id}.`;
      }
      const r = (await api.request(UpdateArticleMutation, { id: a.id, input, expectedVersion: a.version }))
        .updateKbArticle;
      await load();
      return `Saved as version ${r.version}. The AI answers from it within seconds.`;
    });
  const archive = (archived: boolean) =>
    run(async () => {
      await api.request(ArchiveArticleMutation, { id: a!.id, archived });
      await load();
      return archived ? 'Archived: the AI no longer uses it.' : 'Restored: the AI uses it again.';
    });
  const field = (k: keyof typeof f, label: string, hint?: string) => (
    <>
      <label for={`art-${k}`}>{label}</label>
      {k === 'body' ? (
        <textarea
          id={`art-${k}`}
          rows={16}
          value={f[k]}
          readOnly={!isLead}
          onInput={(e) => setF({ ...f, [k]: e.currentTarget.value })}
        />
      ) : (
        <input
          id={`art-${k}`}
          value={f[k]}
          readOnly={!isLead}
          placeholder={hint}
          onInput={(e) => setF({ ...f, [k]: e.currentTarget.value })}
        />
      )}
    </>
  );
  return (
    <article class="article-editor" aria-labelledby="art-h">
      <header class="detail-head">
        <h1 id="art-h">{a ? a.title : 'New article'}</h1>
        {a && (
          <p class="muted small">
            {a.id} · version {a.version} · updated {dateTime(a.updatedAt)}
            {a.archivedAt && ` · archived ${dateTime(a.archivedAt)}`}
          </p>
        )}
      </header>
      {field('title', 'Title')}
      {field('body', 'Body (Markdown)')}
      {field('tags', 'Tags', 'comma-separated: export, pdf')}
      {field('routes', 'Routes', 'comma-separated: /dashboards/:id')}
      {isLead && (
        <div class="detail-actions">
          <button type="button" class="primary" disabled={busy} onClick={() => void save()}>
            {a ? `Save as version ${a.version + 1}` : 'Create'}
          </button>
          {a && (
            <button type="button" disabled={busy} onClick={() => void archive(!a.archivedAt)}>
              {a.archivedAt ? 'Restore' : 'Archive'}
            </button>
          )}
        </div>
      )}
      {saved && (
        <p class="ok-text" role="status">
          {saved}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {a && a.versions.length > 0 && (
        <section aria-labelledby="versions-h">
          <h2 id="versions-h">Versions</h2>
          <ol class="plain versions">
            {a.versions.map((v) => (
              <li key={v.version}>
                v{v.version} · {v.title}{' '}
                <span class="muted small">
                  ·{' '}
                  {v.editedBy.startsWith('admin:') ? 'an admin' : v.editedBy === 'system' ? 'seeded' : name(v.editedBy)}{' '}
                  · {dateTime(v.createdAt)}
                </span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </article>
  );
}
