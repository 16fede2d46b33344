import { useEffect, useState } from 'preact/hooks';
import { api } from '../../app';
import { ConversationsQuery, QueueQuery } from '../../api/operations/inbox';
import type { ConsoleRowFragment } from '../../gql/graphql';
import { useConsole } from '../context';
import { useNow } from '../hooks';
import { navigate, type Route } from '../router';
import { viewFilter, viewTitle } from '../views';
import { Row } from './Row';

/** The conversations of the current view (or search), refetched whenever the queue changes. */
export function InboxList({ route }: { route: Route }) {
  const { version } = useConsole();
  const now = useNow(1000);
  const [rows, setRows] = useState<ConsoleRowFragment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const filter = viewFilter(route.view, route.search);
  const key = JSON.stringify(filter);

  useEffect(() => {
    let live = true;
    setError(null);
    const load = filter
      ? api.request(ConversationsQuery, { filter }).then((r) => ({
          rows: r.conversations.edges.map((e) => e.node),
          next: r.conversations.pageInfo.hasNextPage ? r.conversations.pageInfo.endCursor : null,
        }))
      : api.request(QueueQuery, {}).then((r) => ({ rows: r.agentQueue.edges.map((e) => e.node), next: null }));
    load.then(
      (r) => {
        if (!live) return;
        setRows(r.rows);
        setNext(r.next);
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [key, version]);

  const title = route.search ? `Search: “${route.search}”` : viewTitle(route.view);
  return (
    <section class="list" aria-labelledby="list-title">
      <div class="list-head">
        <h1 id="list-title">{title}</h1>
        {rows && <span class="muted">{rows.length}</span>}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {rows && rows.length === 0 && <p class="empty-list">Nothing here right now.</p>}
      <ul class="rows" aria-label={title}>
        {rows?.map((c) => (
          <li key={c.id}>
            <Row
              c={c}
              now={now}
              selected={c.id === route.conversationId}
              onOpen={() => navigate({ ...route, conversationId: c.id })}
            />
          </li>
        ))}
      </ul>
      {next && filter && (
        <button
          type="button"
          class="more"
          onClick={() =>
            void api.request(ConversationsQuery, { filter, after: next }).then((r) => {
              setRows((old) => [...(old ?? []), ...r.conversations.edges.map((e) => e.node)]);
              setNext(r.conversations.pageInfo.hasNextPage ? r.conversations.pageInfo.endCursor : null);
            })
          }
        >
          Load more
        </button>
      )}
    </section>
  );
}
