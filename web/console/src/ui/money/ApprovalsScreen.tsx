import { useEffect, useState } from 'preact/hooks';
import { api, realtime } from '../../app';
import { BillingApprovalsQuery } from '../../api/operations/money';
import type { ConsoleBillingActionFragment } from '../../gql/graphql';
import { useConsole } from '../context';
import { openConversation } from '../router';
import { BillingActionItem } from './BillingActions';

/**
 * Refunds and credits waiting for a second agent, longest waiting first. Re-read every few seconds and on reconnect:
 * a proposal is rare, and the list is small.
 */
export function ApprovalsScreen() {
  const { agent, agents } = useConsole();
  const [list, setList] = useState<ConsoleBillingActionFragment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [decided, setDecided] = useState<ConsoleBillingActionFragment[]>([]);
  const load = () =>
    api.request(BillingApprovalsQuery, {}).then(
      (r) => (setList(r.billingApprovals.edges.map((e) => e.node)), setError(null)),
      (e: Error) => setError(e.message),
    );
  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), 4000);
    const off = realtime.onReconnected(() => void load());
    return () => (clearInterval(t), off());
  }, []);
  const billing = agents.find((a) => a.id === agent.id)?.skills.includes('billing');
  return (
    <div class="screen-body narrow">
      <h1>Approvals</h1>
      <p class="muted">
        Refunds and credits wait here until an agent with the billing skill who did not propose them approves or rejects
        them. Approving executes it in Stripe, once.
        {!billing && ' You do not have the billing skill: you can read them, not decide.'}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {list === null ? (
        <p role="status">Loading…</p>
      ) : list.length === 0 ? (
        <p class="empty-note">Nothing is waiting for approval.</p>
      ) : (
        <ul class="plain billing-list">
          {list.map((a) => (
            <BillingActionItem
              key={a.id}
              action={a}
              showConversation={openConversation}
              onChanged={(done) => {
                setDecided((d) => [done, ...d.filter((x) => x.id !== done.id)]);
                void load();
              }}
            />
          ))}
        </ul>
      )}
      {decided.length > 0 && (
        <>
          <h2>Decided just now</h2>
          <ul class="plain billing-list">
            {decided.map((a) => (
              <BillingActionItem
                key={a.id}
                action={a}
                showConversation={openConversation}
                onChanged={() => undefined}
              />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
