import { useState } from 'preact/hooks';
import { api } from '../../app';
import { ReassignMutation, ResolveMutation, TransferMutation } from '../../api/operations/actions';
import type { AgentTier, ConsoleDetailFragment } from '../../gql/graphql';
import { useConsole } from '../context';
import { TIER_LABEL, titleCase } from '../format';
import { Dialog } from './Dialog';

interface Props {
  conv: ConsoleDetailFragment;
  onClose(): void;
  onDone(c: ConsoleDetailFragment): void;
}

function useSubmit(onDone: (c: ConsoleDetailFragment) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (fn: () => Promise<ConsoleDetailFragment>) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await fn());
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return { busy, error, setError, submit };
}

/** To a tier's queue (Tier 2, Lead) or to a named agent, with a reason the receiver reads. */
export function TransferDialog({ conv, onClose, onDone }: Props) {
  const { agents, agent } = useConsole();
  const [target, setTarget] = useState<'tier' | 'agent'>('tier');
  const [tier, setTier] = useState<AgentTier>('TIER2');
  const [toAgent, setToAgent] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, setError, submit } = useSubmit(onDone);
  const others = agents.filter((a) => a.id !== agent.id);
  return (
    <Dialog
      title="Transfer conversation"
      submitLabel="Transfer"
      busy={busy}
      error={error}
      onClose={onClose}
      onSubmit={() => {
        if (!reason.trim()) return setError('Say why, for the agent who picks it up.');
        if (target === 'agent' && !toAgent) return setError('Choose an agent.');
        void submit(
          async () =>
            (
              await api.request(TransferMutation, {
                id: conv.id,
                reason: reason.trim(),
                ...(target === 'tier' ? { toTier: tier } : { toAgentId: toAgent }),
              })
            ).transferConversation,
        );
      }}
    >
      <fieldset>
        <legend>Send to</legend>
        <label class="radio">
          <input type="radio" name="target" checked={target === 'tier'} onChange={() => setTarget('tier')} /> A
          tier&apos;s queue
        </label>
        <label class="radio">
          <input type="radio" name="target" checked={target === 'agent'} onChange={() => setTarget('agent')} /> An agent
        </label>
      </fieldset>
      {target === 'tier' ? (
        <>
          <label for="transfer-tier">Tier</label>
          <select id="transfer-tier" value={tier} onChange={(e) => setTier(e.currentTarget.value as AgentTier)}>
            <option value="TIER2">{TIER_LABEL.TIER2}</option>
            <option value="LEAD">{TIER_LABEL.LEAD}</option>
          </select>
        </>
      ) : (
        <>
          <label for="transfer-agent">Agent</label>
          <select id="transfer-agent" value={toAgent} onChange={(e) => setToAgent(e.currentTarget.value)}>
            <option value="">Choose…</option>
            {others.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} · {TIER_LABEL[a.tier]} · {titleCase(a.status)}
              </option>
            ))}
          </select>
        </>
      )}
      <label for="transfer-reason">Reason</label>
      <textarea id="transfer-reason" rows={3} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
    </Dialog>
  );
}

export const RESOLUTION_CATEGORIES = ['how_to', 'bug', 'billing', 'account_access', 'feature_request', 'data', 'other'];

/** Resolve: a category, a summary (what the AI learns from), and whether it is worth a knowledge-base article. */
export function ResolveDialog({ conv, onClose, onDone }: Props) {
  // The always-human category the escalation named (billing_dispute, …) is the likeliest resolution category.
  const options = [...new Set([conv.escalation?.category, ...RESOLUTION_CATEGORIES].filter((c): c is string => !!c))];
  const [category, setCategory] = useState(options[0]);
  const [summary, setSummary] = useState('');
  const [kbWorthy, setKbWorthy] = useState(false);
  const { busy, error, setError, submit } = useSubmit(onDone);
  return (
    <Dialog
      title="Resolve conversation"
      submitLabel="Resolve"
      busy={busy}
      error={error}
      onClose={onClose}
      onSubmit={() => {
        if (!summary.trim()) return setError('Write a short summary of the resolution.');
        void submit(
          async () =>
            (
              await api.request(ResolveMutation, {
                id: conv.id,
                resolution: { category, summary: summary.trim(), kbWorthy },
              })
            ).resolveConversation,
        );
      }}
    >
      <label for="resolve-category">Category</label>
      <select id="resolve-category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
        {options.map((c) => (
          <option key={c} value={c}>
            {titleCase(c)}
          </option>
        ))}
      </select>
      <label for="resolve-summary">Summary</label>
      <textarea id="resolve-summary" rows={4} value={summary} onInput={(e) => setSummary(e.currentTarget.value)} />
      <label class="check">
        <input type="checkbox" checked={kbWorthy} onChange={(e) => setKbWorthy(e.currentTarget.checked)} /> Worth a KB
        article
      </label>
    </Dialog>
  );
}

/** Leads and admins: give the conversation to a named agent. */
export function ReassignDialog({ conv, onClose, onDone }: Props) {
  const { agents } = useConsole();
  const [toAgent, setToAgent] = useState('');
  const { busy, error, setError, submit } = useSubmit(onDone);
  return (
    <Dialog
      title="Reassign conversation"
      submitLabel="Reassign"
      busy={busy}
      error={error}
      onClose={onClose}
      onSubmit={() => {
        if (!toAgent) return setError('Choose an agent.');
        void submit(
          async () => (await api.request(ReassignMutation, { id: conv.id, toAgentId: toAgent })).reassignConversation,
        );
      }}
    >
      <label for="reassign-agent">Agent</label>
      <select id="reassign-agent" value={toAgent} onChange={(e) => setToAgent(e.currentTarget.value)}>
        <option value="">Choose…</option>
        {agents
          .filter((a) => a.id !== conv.assignee?.id)
          .map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} · {TIER_LABEL[a.tier]} · {titleCase(a.status)}
            </option>
          ))}
      </select>
    </Dialog>
  );
}
