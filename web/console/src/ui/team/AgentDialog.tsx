import { useState } from 'preact/hooks';
import { api } from '../../app';
import { InviteAgentMutation, UpdateAgentMutation } from '../../api/operations/team';
import type { AgentTier, ConsoleTeamAgentFragment } from '../../gql/graphql';
import { Dialog } from '../conversation/Dialog';
import { TIER_LABEL } from '../format';

/** Invite by email, or edit an agent: name, tier, skills, on-call, capacity. */
export function AgentDialog({
  agent,
  onClose,
  onDone,
}: {
  agent: ConsoleTeamAgentFragment | null;
  onClose(): void;
  onDone(): void;
}) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState(agent?.name ?? '');
  const [tier, setTier] = useState<AgentTier>(agent?.tier ?? 'TIER1');
  const [skills, setSkills] = useState(agent?.skills.join(', ') ?? '');
  const [onCall, setOnCall] = useState(agent?.onCall ?? false);
  const [capacity, setCapacity] = useState(agent ? String(agent.capacity ?? '') : '5');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    const profile = {
      name: name.trim() || null,
      tier,
      skills: skills
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      onCall,
      ...(capacity.trim() === '' ? {} : { capacity: Number(capacity) }),
    };
    try {
      if (agent) await api.request(UpdateAgentMutation, { id: agent.id, profile });
      else await api.request(InviteAgentMutation, { email, profile });
      onDone();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={agent ? `Edit ${agent.name}` : 'Invite an agent'}
      onClose={onClose}
      onSubmit={() => void submit()}
      submitLabel={agent ? 'Save' : 'Invite'}
      busy={busy}
      error={error}
    >
      {!agent && (
        <>
          <label for="ag-email">Email (their single sign-on address)</label>
          <input id="ag-email" type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </>
      )}
      <label for="ag-name">Name</label>
      <input
        id="ag-name"
        value={name}
        placeholder="From the address if empty"
        onInput={(e) => setName(e.currentTarget.value)}
      />
      <div class="row-fields">
        <div>
          <label for="ag-tier">Tier</label>
          <select id="ag-tier" value={tier} onChange={(e) => setTier(e.currentTarget.value as AgentTier)}>
            {(['TIER1', 'TIER2', 'LEAD'] as const).map((t) => (
              <option key={t} value={t}>
                {TIER_LABEL[t]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="ag-capacity">Capacity</label>
          <input
            id="ag-capacity"
            type="number"
            min={0}
            max={100}
            placeholder="No limit"
            value={capacity}
            onInput={(e) => setCapacity(e.currentTarget.value)}
          />
        </div>
      </div>
      <label for="ag-skills">Skills (comma-separated)</label>
      <input
        id="ag-skills"
        value={skills}
        placeholder="billing, technical"
        onInput={(e) => setSkills(e.currentTarget.value)}
      />
      <label class="check">
        <input type="checkbox" checked={onCall} onChange={(e) => setOnCall(e.currentTarget.checked)} /> On call
      </label>
    </Dialog>
  );
}
