import { useState } from 'preact/hooks';
import type { ConsoleBillingActionFragment, ConsoleDetailFragment } from '../../gql/graphql';
import { useConsole } from '../context';
import { BillingActionItem } from './BillingActions';
import { ProposeDialog, type ChargeRef } from './ProposeDialog';

/**
 * Refunds and credits of this conversation, kept live by `conversationUpdated` (the store publishes the conversation
 * with every billing action it records), so the proposer sees the approval or rejection the moment it happens.
 */
export function BillingCard({
  conv,
  proposing,
  setProposing,
}: {
  conv: ConsoleDetailFragment;
  proposing: { charge: ChargeRef | null } | null;
  setProposing(p: { charge: ChargeRef | null } | null): void;
}) {
  const { agent, role } = useConsole();
  const [local, setLocal] = useState<Record<string, ConsoleBillingActionFragment>>({});
  const mine = conv.status === 'AGENT_ACTIVE' && conv.assignee?.id === agent.id && role !== 'ADMIN';
  const fromServer = new Map(conv.billingActions.map((a) => [a.id, a]));
  // What this agent just did shows at once; the published conversation then agrees (or has moved further).
  for (const a of Object.values(local)) {
    const s = fromServer.get(a.id);
    if (!s || (s.status === 'PROPOSED' && a.status !== 'PROPOSED')) fromServer.set(a.id, a);
  }
  const list = [...fromServer.values()].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const keep = (a: ConsoleBillingActionFragment) => setLocal((l) => ({ ...l, [a.id]: a }));
  if (!mine && list.length === 0) return null;
  return (
    <section class="card" aria-labelledby="h-money">
      <h3 id="h-money">Refunds and credits</h3>
      {list.length === 0 ? (
        <p class="muted small">None proposed. Refund a charge from Billing below, or propose a credit.</p>
      ) : (
        <ul class="plain billing-list">
          {list.map((a) => (
            <BillingActionItem key={a.id} action={a} onChanged={keep} />
          ))}
        </ul>
      )}
      {mine && (
        <button type="button" onClick={() => setProposing({ charge: null })}>
          Propose a credit…
        </button>
      )}
      {proposing && (
        <ProposeDialog
          conversationId={conv.id}
          charge={proposing.charge}
          onClose={() => setProposing(null)}
          onDone={(a) => {
            keep(a);
            setProposing(null);
          }}
        />
      )}
    </section>
  );
}
