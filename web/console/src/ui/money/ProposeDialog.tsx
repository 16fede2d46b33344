import { useState } from 'preact/hooks';
import { api } from '../../app';
import { ProposeBillingMutation } from '../../api/operations/money';
import type { BillingActionKind, ConsoleBillingActionFragment } from '../../gql/graphql';
import { Dialog } from '../conversation/Dialog';
import { money } from '../format';

export interface ChargeRef {
  id: string;
  amount: number;
  amountRefunded: number;
  currency: string;
}

/**
 * A refund of (part of) a charge, or a credit to the customer's balance: nothing moves until a second agent with the
 * billing skill approves. One idempotency key per dialog, kept across a retried submit.
 */
export function ProposeDialog({
  conversationId,
  charge,
  onClose,
  onDone,
}: {
  conversationId: string;
  charge: ChargeRef | null;
  onClose(): void;
  onDone(a: ConsoleBillingActionFragment): void;
}) {
  const kind: BillingActionKind = charge ? 'REFUND' : 'CREDIT';
  const left = charge ? charge.amount - charge.amountRefunded : null;
  const [amount, setAmount] = useState(left != null ? (left / 100).toFixed(2) : '');
  const [currency, setCurrency] = useState(charge?.currency ?? 'usd');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [clientKey] = useState(() => `console-${crypto.randomUUID()}`);

  const submit = async () => {
    const cents = Math.round(Number(amount.replace(',', '.')) * 100);
    if (!Number.isFinite(cents) || cents <= 0) return setError('Enter an amount above zero.');
    if (left != null && cents > left)
      return setError(`At most ${money(left, currency)} is left to refund on this charge.`);
    if (!reason.trim()) return setError('Say why: the approver reads it.');
    setBusy(true);
    setError(null);
    try {
      const r = await api.request(ProposeBillingMutation, {
        id: conversationId,
        input: { kind, amountCents: cents, currency, reason: reason.trim(), chargeId: charge?.id ?? null, clientKey },
      });
      onDone(r.proposeBillingAction);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={charge ? 'Propose a refund' : 'Propose a credit'}
      onClose={onClose}
      onSubmit={() => void submit()}
      submitLabel="Propose"
      busy={busy}
      error={error}
    >
      {charge && (
        <p class="muted small">
          Charge <span class="mono">{charge.id}</span> · {money(charge.amount, charge.currency)}
          {charge.amountRefunded > 0 && ` · ${money(charge.amountRefunded, charge.currency)} refunded already`}
        </p>
      )}
      <div class="row-fields">
        <div>
          <label for="bill-amount">Amount</label>
          <input
            id="bill-amount"
            inputMode="decimal"
            required
            value={amount}
            onInput={(e) => setAmount(e.currentTarget.value)}
          />
        </div>
        <div>
          <label for="bill-currency">Currency</label>
          <input
            id="bill-currency"
            maxLength={3}
            size={4}
            value={currency}
            disabled={!!charge}
            onInput={(e) => setCurrency(e.currentTarget.value.toLowerCase())}
          />
        </div>
      </div>
      <label for="bill-reason">Reason</label>
      <textarea id="bill-reason" rows={3} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      <p class="muted small">Another agent with the billing skill approves it before any money moves.</p>
    </Dialog>
  );
}
