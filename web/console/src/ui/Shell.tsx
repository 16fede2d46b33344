import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, realtime, session } from '../app';
import type { Session } from '../api/session';
import { AgentsQuery, MeQuery, QueueChangedSubscription } from '../api/operations/inbox';
import { ConsoleContext, type AgentRow, type ConsoleState } from './context';
import { ConversationPane } from './conversation/ConversationPane';
import { useDebounced, useSubscription } from './hooks';
import { InboxList } from './inbox/InboxList';
import { Sidebar } from './inbox/Sidebar';
import { navigate, openConversation, useRoute } from './router';
import { ScreenNav, Screens } from './Screens';
import { Notifications } from './Notifications';
import { initials } from './SignIn';

/** The signed-in console: top bar, views, the list and the open conversation, side by side. */
export function Shell({ session: s }: { session: Session }) {
  const route = useRoute();
  const [role, setRole] = useState('AGENT');
  const [agents, setAgents] = useState<AgentRow[]>([]);
  const [version, setVersion] = useState(0);
  const [online, setOnline] = useState(true);
  const [search, setSearch] = useState(route.search);

  const changed = useDebounced(() => setVersion((v) => v + 1), 250);
  useEffect(() => {
    void api.request(MeQuery, {}).then((r) => setRole(r.me.role));
    return realtime.onStatus(setOnline);
  }, []);
  useEffect(() => {
    void api.request(AgentsQuery, {}).then(
      (r) => setAgents(r.agents.edges.map((e) => e.node)),
      () => setAgents([]),
    );
  }, [version]);
  useEffect(() => realtime.onReconnected(changed), []);
  useSubscription(QueueChangedSubscription, {}, changed, 'queue');
  useEffect(() => setSearch(route.search), [route.search]);

  const state: ConsoleState = useMemo(
    () => ({ agent: s.agent, role, isLead: s.agent.tier === 'LEAD' || role === 'ADMIN', agents, version, changed }),
    [s.agent, role, agents, version],
  );

  // Admins take no conversations (the queue is the agents'): their console opens on the numbers.
  const screen = route.screen === 'inbox' && role === 'ADMIN' && !route.conversationId ? 'numbers' : route.screen!;
  return (
    <ConsoleContext.Provider value={state}>
      <div class="shell">
        <header class="topbar">
          <a
            class="brand"
            href="/console/"
            onClick={(e) => (
              e.preventDefault(),
              navigate({ ...route, screen: 'inbox', item: null, conversationId: null })
            )}
          >
            Support console
          </a>
          <form
            class="search"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              navigate({ ...route, screen: 'inbox', item: null, search, conversationId: null });
            }}
          >
            <label for="search" class="sr-only">
              Search conversations
            </label>
            <input
              id="search"
              type="search"
              placeholder="Search messages, names, emails…"
              value={search}
              onInput={(e) => setSearch(e.currentTarget.value)}
            />
          </form>
          {!online && (
            <span class="offline" role="status">
              Reconnecting…
            </span>
          )}
          <Notifications onOpen={openConversation} />
          <div class="me">
            <span class="avatar small" aria-hidden="true">
              {initials(s.agent.name)}
            </span>
            <span class="me-name">{s.agent.name}</span>
            <button type="button" class="link" onClick={() => void session.signOut()}>
              Sign out
            </button>
          </div>
        </header>
        <ScreenNav current={screen} admin={role === 'ADMIN'} />
        {screen === 'inbox' ? (
          <>
            <Sidebar route={route} />
            <InboxList route={route} />
            <main class="detail" aria-label="Conversation">
              {route.conversationId ? (
                <ConversationPane key={route.conversationId} id={route.conversationId} />
              ) : (
                <div class="empty">
                  <p>Pick a conversation from the list.</p>
                  <p class="muted">The queue shows what you may claim now, soonest SLA deadline first.</p>
                </div>
              )}
            </main>
          </>
        ) : (
          <Screens screen={screen} item={route.item ?? null} />
        )}
      </div>
    </ConsoleContext.Provider>
  );
}
