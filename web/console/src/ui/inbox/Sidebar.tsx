import { useEffect, useState } from 'preact/hooks';
import { api } from '../../app';
import { CountsQuery, SetStatusMutation } from '../../api/operations/inbox';
import type { AgentStatus, ConsoleCountsQuery } from '../../gql/graphql';
import { useConsole } from '../context';
import { TRIGGER_LABEL, titleCase } from '../format';
import { navigate, type Route } from '../router';
import { TIERS, TRIGGERS } from '../views';

type Counts = ConsoleCountsQuery['conversationCounts'];

/** The views with their counts (open conversations), and the agent's own status. */
export function Sidebar({ route }: { route: Route }) {
  const { version } = useConsole();
  const [counts, setCounts] = useState<Counts | null>(null);
  useEffect(() => {
    void api.request(CountsQuery, {}).then(
      (r) => setCounts(r.conversationCounts),
      () => undefined,
    );
  }, [version]);

  const item = (view: string, label: string, count?: number | null) => (
    <li key={view}>
      <a
        href={`/console/?view=${encodeURIComponent(view)}`}
        aria-current={route.view === view && !route.search ? 'page' : undefined}
        onClick={(e) => {
          e.preventDefault();
          navigate({ view, search: '', conversationId: route.conversationId });
        }}
      >
        <span>{label}</span>
        {count != null && <span class="count">{count}</span>}
      </a>
    </li>
  );
  const tier = (t: string) => counts?.byTier.find((x) => x.tier === t)?.count ?? 0;
  const trigger = (t: string) => counts?.byTrigger.find((x) => x.trigger === t)?.count ?? 0;

  return (
    <nav class="sidebar" aria-label="Views">
      <h2 class="nav-h">Inbox</h2>
      <ul>
        {item('queue', 'Queue')}
        {item('mine', 'Assigned to me', counts?.mine)}
        {item('unassigned', 'Unassigned', counts?.unassigned)}
        {item('all', 'All open')}
      </ul>
      <h2 class="nav-h">Status</h2>
      <ul>
        {item('status:AWAITING_AGENT', 'Waiting', counts?.awaitingAgent)}
        {item('status:AGENT_ACTIVE', 'With agent', counts?.agentActive)}
        {item('status:AI_ACTIVE', 'With AI', counts?.aiActive)}
        {item('closed', 'Resolved')}
      </ul>
      <h2 class="nav-h">Customer tier</h2>
      <ul>{TIERS.map((t) => item(`tier:${t}`, titleCase(t), tier(t)))}</ul>
      <h2 class="nav-h">Trigger</h2>
      <ul>{TRIGGERS.map((t) => item(`trigger:${t}`, TRIGGER_LABEL[t], trigger(t)))}</ul>
      <StatusSwitch />
    </nav>
  );
}

function StatusSwitch() {
  const { agents, agent } = useConsole();
  const mine = agents.find((a) => a.id === agent.id);
  const [status, setStatus] = useState<AgentStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setStatus(mine?.status ?? null), [mine?.status]);
  const change = async (next: AgentStatus) => {
    const before = status;
    setStatus(next);
    setError(null);
    try {
      const r = await api.request(SetStatusMutation, { status: next });
      setStatus(r.setAgentStatus.status);
    } catch (e) {
      setStatus(before);
      setError((e as Error).message);
    }
  };
  return (
    <div class="status-switch">
      <label for="agent-status">Your status</label>
      <div class="status-row">
        <span class={`dot ${status ?? 'OFFLINE'}`} aria-hidden="true" />
        {/* Not before the current status is known: a choice made earlier was overwritten when it arrived. */}
        <select
          id="agent-status"
          value={status ?? ''}
          disabled={status === null}
          onChange={(e) => void change(e.currentTarget.value as AgentStatus)}
        >
          {status === null && <option value="">…</option>}
          <option value="ONLINE">Online</option>
          <option value="AWAY">Away</option>
          <option value="OFFLINE">Offline</option>
        </select>
      </div>
      {mine && (
        <p class="muted small" data-testid="workload">
          {mine.capacity == null
            ? `${mine.openConversations} open, no limit`
            : `${mine.openConversations} of ${mine.capacity} open`}
        </p>
      )}
      {error && (
        <p class="error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
