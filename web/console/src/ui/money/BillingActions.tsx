import { useState } from 'preact/hooks';
import { api } from '../../app';
import { ApproveBillingMutation, RejectBillingMutation } from '../../api/operations/money';
import type { BillingActionStatus, ConsoleBillingActionFragment } from '../../gql/graphql';
import { Dialog } from '../conversation/Dialog';
import { useConsole } from '../context';
import { dateTime, money } from '../format';

export const BILLING_STATUS: Record<BillingActionStatus, string> = {
  PROPOSED: 'Waiting for approval',
  EXECUTED: 'Approved · done in Stripe',
  FAILED: 'Approved · Stripe refused',
  REJECTED: 'Rejected',
};
const CHIP: Record<BillingActionStatus, string> = { PROPOSED: 'warn', EXECUTED: 'ok', FAILED: 'bad', REJECTED: 'bad' };

/** Who the ids are: the team directory, else the id itself. */
export function useAgentName(): (id: string | null) => string {
  const { agents, agent } = useConsole();
  return (id) => (!id ? '–' : id === agent.id ? 'you' : (agents.find((a) => a.id === id)?.name ?? id));
}

/**
 * One proposal, with approve and reject for whoever may: an agent with the billing skill who did not propose it
 * (the API and the workflow check the same, and the billing activity once more).
 */
export function BillingActionItem({
  action,
  onChanged,
  showConversation,
}: {
  action: ConsoleBillingActionFragment;
  onChanged(a: ConsoleBillingActionFragment): void;
  showConversation?: (id: string) => void;
}) {
  const { agent, agents, role } = useConsole();
  const name = useAgentName();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const skills = agents.find((a) => a.id === agent.id)?.skills ?? [];
  const mayDecide =
    action.status === 'PROPOSED' && role !== 'ADMIN' && action.proposedBy !== agent.id && skills.includes('billing');

  const run = async (fn: () => Promise<ConsoleBillingActionFragment>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await fn());
      setRejecting(false);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const label = `${action.kind === 'REFUND' ? 'Refund' : 'Credit'} ${money(action.amountCents, action.currency)}`;
  return (
    <li class="billing-action" data-testid={`billing-${action.id}`}>
      <div class="billing-head">
        <strong>{label}</strong>
        <span class={`chip ${CHIP[action.status]}`} role="status">
          {BILLING_STATUS[action.status]}
        </span>
      </div>
      <p class="small">“{action.reason}”</p>
      <p class="muted small">
        Proposed by {name(action.proposedBy)} · {dateTime(action.createdAt)}
        {action.chargeId && (
          <>
            {' '}
            · charge <span class="mono">{action.chargeId}</span>
          </>
        )}
        {action.approvedBy && ` · approved by ${name(action.approvedBy)}`}
        {action.rejectedBy && ` · rejected by ${name(action.rejectedBy)}: ${action.rejectReason ?? ''}`}
        {action.stripeId && (
          <>
            {' '}
            · Stripe <span class="mono">{action.stripeId}</span>
          </>
        )}
      </p>
      {showConversation && (
        <button type="button" class="link" onClick={() => showConversation(action.conversationId)}>
          Open the conversation
        </button>
      )}
      {mayDecide && (
        <div class="billing-buttons">
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={() =>
              void run(async () => (await api.request(ApproveBillingMutation, { id: action.id })).approveBillingAction)
            }
          >
            Approve {label.toLowerCase()}
          </button>
          <button type="button" disabled={busy} onClick={() => setRejecting(true)}>
            Reject…
          </button>
        </div>
      )}
      {action.status === 'PROPOSED' && !mayDecide && action.proposedBy === agent.id && (
        <p class="muted small">Another agent with the billing skill approves it; you will see the outcome here.</p>
      )}
      {error && !rejecting && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {rejecting && (
        <Dialog
          title={`Reject the ${action.kind === 'REFUND' ? 'refund' : 'credit'}`}
          onClose={() => setRejecting(false)}
          onSubmit={() =>
            reason.trim()
              ? void run(
                  async () =>
                    (await api.request(RejectBillingMutation, { id: action.id, reason: reason.trim() }))
                      .rejectBillingAction,
                )
              : setError('Say why: the proposer reads it.')
          }
          submitLabel="Reject"
          busy={busy}
          error={error}
        >
          <label for="bill-reject-reason">Reason</label>
          <textarea id="bill-reject-reason" rows={3} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </Dialog>
      )}
    </li>
  );
}
