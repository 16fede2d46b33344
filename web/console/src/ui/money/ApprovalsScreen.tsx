import { useEffect, useRef, useState } from 'preact/hooks';
import { api, realtime } from '../../app';
import { BillingActionChangedSubscription, BillingApprovalsQuery } from '../../api/operations/money';
import type { ConsoleBillingActionFragment } from '../../gql/graphql';
import { useConsole } from '../context';
import { useSubscription } from '../hooks';
import { openConversation } from '../router';
import { BillingActionItem } from './BillingActions';

const oldestFirst = (a: ConsoleBillingActionFragment, b: ConsoleBillingActionFragment) =>
  Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id);

/**
 * Refunds and credits waiting for a second agent, longest waiting first. Live: a new proposal joins the list and a
 * decision (anyone's) moves it to "Decided just now" as billingActionChanged says so; re-read after a reconnect, for
 * what the gap may have lost.
 */
export function ApprovalsScreen() {
  const { agent, agents } = useConsole();
  const [list, setList] = useState<ConsoleBillingActionFragment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [decided, setDecided] = useState<ConsoleBillingActionFragment[]>([]);
  /** Decided while the screen shows: a re-read that crossed the decision's event does not bring it back. */
  const gone = useRef(new Set<string>());
  const load = () =>
    api.request(BillingApprovalsQuery, {}).then(
      (r) => (
        setList(r.billingApprovals.edges.map((e) => e.node).filter((a) => !gone.current.has(a.id))),
        setError(null)
      ),
      (e: Error) => setError(e.message),
    );
  useEffect(() => {
    void load();
    return realtime.onReconnected(() => void load());
  }, []);
  const decide = (done: ConsoleBillingActionFragment) => {
    gone.current.add(done.id);
    setList((old) => old?.filter((x) => x.id !== done.id) ?? old);
    setDecided((d) => [done, ...d.filter((x) => x.id !== done.id)]);
  };
  useSubscription(
    BillingActionChangedSubscription,
    {},
    ({ billingActionChanged: a }) => {
      // An approval being executed in Stripe still reads PROPOSED: it stays where it is until its outcome arrives.
      if (a.status !== 'PROPOSED') decide(a);
      else if (!gone.current.has(a.id))
        setList((old) => (old ? [...old.filter((x) => x.id !== a.id), a].sort(oldestFirst) : old));
    },
    'billing-actions',
  );
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
            <BillingActionItem key={a.id} action={a} showConversation={openConversation} onChanged={decide} />
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
