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
  const filter = viewFilter(route.view, route.search);
  const key = JSON.stringify(filter);

  useEffect(() => {
    let live = true;
    setError(null);
    const load = filter
      ? api.request(ConversationsQuery, { filter }).then((r) => r.conversations.edges.map((e) => e.node))
      : api.request(QueueQuery, {}).then((r) => r.agentQueue.edges.map((e) => e.node));
    load.then(
      (r) => live && setRows(r),
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
    </section>
  );
}
