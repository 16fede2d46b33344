import { useEffect, useState } from 'preact/hooks';
import { api } from '../../app';
import { DisableAgentMutation, EnableAgentMutation, TeamQuery } from '../../api/operations/team';
import type { ConsoleTeamAgentFragment } from '../../gql/graphql';
import { useConsole } from '../context';
import { TIER_LABEL, titleCase } from '../format';
import { AgentDialog } from './AgentDialog';

/** The team: everyone can read it; admins invite, set tier, skills, on-call and capacity, and disable or enable. */
export function TeamScreen() {
  const { role, changed } = useConsole();
  const admin = role === 'ADMIN';
  const [rows, setRows] = useState<ConsoleTeamAgentFragment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<ConsoleTeamAgentFragment | 'new' | null>(null);
  const load = () =>
    api.request(TeamQuery, {}).then(
      (r) => setRows(r.agents.edges.map((e) => e.node)),
      (e: Error) => setError(e.message),
    );
  useEffect(() => void load(), []);
  const access = async (a: ConsoleTeamAgentFragment) => {
    setError(null);
    try {
      if (a.disabledAt) await api.request(EnableAgentMutation, { id: a.id });
      else await api.request(DisableAgentMutation, { id: a.id });
      await load();
      changed();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div class="screen-body">
      <div class="screen-head">
        <h1>Team</h1>
        {admin && (
          <button type="button" class="primary" onClick={() => setEditing('new')}>
            Invite an agent…
          </button>
        )}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <table class="data team">
        <caption class="sr-only">Agents</caption>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Tier</th>
            <th scope="col">Skills</th>
            <th scope="col">On call</th>
            <th scope="col">Capacity</th>
            <th scope="col">Status</th>
            {admin && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {rows?.map((a) => (
            <tr key={a.id} class={a.disabledAt ? 'disabled' : ''}>
              <th scope="row">
                {a.name}
                <span class="muted small block">{a.email}</span>
              </th>
              <td>{TIER_LABEL[a.tier]}</td>
              <td>{a.skills.join(', ') || '–'}</td>
              <td>{a.onCall ? 'Yes' : 'No'}</td>
              <td>{a.capacity ?? 'No limit'}</td>
              <td>{a.disabledAt ? 'Disabled' : titleCase(a.status)}</td>
              {admin && (
                <td>
                  <div class="row-actions">
                    <button type="button" class="link" onClick={() => setEditing(a)} aria-label={`Edit ${a.name}`}>
                      Edit
                    </button>
                    <button
                      type="button"
                      class="link"
                      onClick={() => void access(a)}
                      aria-label={`${a.disabledAt ? 'Enable' : 'Disable'} ${a.name}`}
                    >
                      {a.disabledAt ? 'Enable' : 'Disable'}
                    </button>
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <AgentDialog
          agent={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            void load();
            changed();
          }}
        />
      )}
    </div>
  );
}
