import { useEffect, useState } from 'preact/hooks';
import { api } from '../../app';
import { ConversationsQuery, CountsQuery, QueueQuery } from '../../api/operations/inbox';
import type { ConsoleRowFragment } from '../../gql/graphql';
import { useConsole } from '../context';
import { useNow } from '../hooks';
import { navigate, type Route } from '../router';
import { viewFilter, viewTitle } from '../views';
import { Row } from './Row';

/** The conversations of the current view (or search), refetched whenever the queue changes. */
export function InboxList({ route }: { route: Route }) {
  const { version, agents, agent } = useConsole();
  const me = agents.find((a) => a.id === agent.id);
  const atCapacity = me?.capacity != null && me.openConversations >= me.capacity;
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
      {atCapacity && route.view === 'queue' && !route.search && (
        <div class="capacity-banner" role="status" data-testid="capacity-banner">
          <strong>
            At capacity ({me.openConversations}/{me.capacity})
          </strong>
          <span>
            New conversations are not offered to you and a claim is refused until you resolve, release or transfer one.
          </span>
        </div>
      )}
      {rows && rows.length === 0 && (route.view === 'queue' && !route.search ? <EmptyQueue /> : <EmptyList />)}
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

function EmptyList() {
  return <p class="empty-list">Nothing here right now.</p>;
}

/**
 * The queue holds what this agent may claim (their tier's pool, or offered to them by name). When it is empty while
 * others wait, say so and where they are, rather than "nothing here" next to a Waiting count of 3.
 */
function EmptyQueue() {
  const { version } = useConsole();
  const [waiting, setWaiting] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    void api.request(CountsQuery, {}).then(
      (r) => live && setWaiting(r.conversationCounts.awaitingAgent),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [version]);
  if (!waiting) return <EmptyList />;
  return (
    <p class="empty-list" data-testid="queue-elsewhere">
      Nothing for you to claim right now. {waiting === 1 ? '1 conversation waits' : `${waiting} conversations wait`} in
      other agents’ queues:{' '}
      <a
        href="/console/?view=status:AWAITING_AGENT"
        onClick={(e) => {
          e.preventDefault();
          navigate({ view: 'status:AWAITING_AGENT', search: '', conversationId: null });
        }}
      >
        see Waiting
      </a>
      .
    </p>
  );
}
