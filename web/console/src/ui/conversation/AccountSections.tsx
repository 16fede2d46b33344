import type { ConsoleDetailFragment } from '../../gql/graphql';
import { STATUS_LABEL, dateTime, money, titleCase } from '../format';
import { href, navigate, parseRoute } from '../router';
import type { ConversationStatus } from '../../gql/graphql';

interface Charge {
  id: string;
  amount: number;
  amountRefunded: number;
  currency: string;
  status: string;
  created: string;
  description: string | null;
}

/** Charges travel in the handoff packet's account (JSON): read defensively, show what is there. */
function charges(account: unknown): Charge[] {
  const list = (account as { billing?: { recentCharges?: unknown } } | null)?.billing?.recentCharges;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (c): c is Charge =>
      typeof c === 'object' &&
      c !== null &&
      typeof (c as Charge).id === 'string' &&
      typeof (c as Charge).amount === 'number',
  );
}

/** Account, billing (invoices and charges), CRM deals and previous conversations. */
export function AccountSections({
  conv,
  onRefund,
}: {
  conv: ConsoleDetailFragment;
  /** The assigned agent may propose a refund of a charge (null: not this agent). */
  onRefund: ((c: Charge) => void) | null;
}) {
  const ctx = conv.context;
  const snap = ctx?.customer;
  const billing = ctx?.billing;
  const crm = ctx?.crm;
  // The conversation's context (gathered before the first answer, refreshed later) first; older handoffs carry them.
  const gathered = billing?.recentCharges.length ? billing.recentCharges : charges(conv.handoff?.account);
  // The context was read before any refund proposed here: count those done or waiting, so nobody refunds twice.
  const ours = (id: string) =>
    conv.billingActions
      .filter((a) => a.kind === 'REFUND' && a.chargeId === id && (a.status === 'EXECUTED' || a.status === 'PROPOSED'))
      .reduce((sum, a) => sum + a.amountCents, 0);
  const ch = gathered.map((c) => ({ ...c, amountRefunded: Math.max(c.amountRefunded, ours(c.id)) }));
  return (
    <>
      <section class="card" aria-labelledby="h-account">
        <h3 id="h-account">Account</h3>
        <dl class="grid">
          <dt>Company</dt>
          <dd>{snap?.company ?? conv.customer.company ?? '–'}</dd>
          <dt>Tier</dt>
          <dd>{snap?.tier ?? conv.customer.tier}</dd>
          <dt>Plan</dt>
          <dd>{snap?.plan ?? conv.customer.plan ?? '–'}</dd>
          <dt>Seats</dt>
          <dd>{snap?.seats ?? conv.customer.seats}</dd>
          {snap && (
            <>
              <dt>MRR</dt>
              <dd>{money(Math.round(snap.mrrUsd * 100), 'usd')}</dd>
            </>
          )}
        </dl>
      </section>
      <section class="card" aria-labelledby="h-billing">
        <h3 id="h-billing">Billing</h3>
        {!billing?.available ? (
          <p class="muted">No billing data (no provider, or it did not answer).</p>
        ) : (
          <>
            <p>
              {billing.plan ?? 'No plan'} · {billing.subscriptionStatus ?? 'no subscription'}
              {billing.delinquent && <span class="chip warn">Delinquent</span>}
            </p>
            <h4>Invoices</h4>
            {billing.recentInvoices.length === 0 ? (
              <p class="muted small">None recent.</p>
            ) : (
              <ul class="plain">
                {billing.recentInvoices.map((i) => (
                  <li key={i.id}>
                    <span class="mono small">{i.id}</span> {money(i.amountDue, i.currency)}{' '}
                    <span class="muted small">{i.status ?? ''}</span>
                  </li>
                ))}
              </ul>
            )}
            <h4>Charges</h4>
            {ch.length === 0 ? (
              <p class="muted small">None recent.</p>
            ) : (
              <ul class="plain">
                {ch.map((c) => (
                  <li key={c.id}>
                    {money(c.amount, c.currency)} <span class="muted small">{c.status}</span>
                    {c.amountRefunded > 0 && (
                      <span class="muted small"> · refunded or proposed {money(c.amountRefunded, c.currency)}</span>
                    )}
                    <span class="muted small"> · {dateTime(c.created)}</span>
                    {onRefund && c.amount > c.amountRefunded && (
                      <button
                        type="button"
                        class="link"
                        aria-label={`Refund ${money(c.amount, c.currency)} charge ${c.id}`}
                        onClick={() => onRefund(c)}
                      >
                        Refund…
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
      <section class="card" aria-labelledby="h-crm">
        <h3 id="h-crm">CRM{crm ? ` · ${crm.provider}` : ''}</h3>
        {!crm?.available ? (
          <p class="muted">No CRM data.</p>
        ) : (
          <>
            {crm.notes && <p>{crm.notes}</p>}
            {crm.openDeals.length === 0 ? (
              <p class="muted small">No open deals.</p>
            ) : (
              <ul class="plain">
                {crm.openDeals.map((d) => (
                  <li key={d.id}>
                    {d.name} {d.amount != null && money(Math.round(d.amount * 100), 'usd')}{' '}
                    <span class="muted small">{d.stage ? titleCase(d.stage) : ''}</span>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
      <section class="card" aria-labelledby="h-previous">
        <h3 id="h-previous">Previous conversations</h3>
        {!ctx || ctx.previousConversations.length === 0 ? (
          <p class="muted small">None.</p>
        ) : (
          <ul class="plain">
            {ctx.previousConversations.map((p) => (
              <li key={p.id}>
                <a
                  href={href({ ...parseRoute(), conversationId: p.id })}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate({ ...parseRoute(), conversationId: p.id });
                  }}
                >
                  {p.firstMessage ?? '(no message)'}
                </a>
                <span class="muted small">
                  {' '}
                  · {STATUS_LABEL[p.status as ConversationStatus] ?? p.status} · {dateTime(p.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
