import { useEffect, useState } from 'preact/hooks';
import { api } from '../../app';
import { BacktestChangesQuery } from '../../api/operations/policy';
import type { ConsoleBacktestChangesFragment, ConsoleBacktestQuery, CustomerTier } from '../../gql/graphql';
import { HourColumns, Legend } from '../charts/Bars';
import { DataTable } from '../DataTable';
import { TRIGGER_LABEL } from '../format';
import { openConversation } from '../router';

type Report = NonNullable<NonNullable<ConsoleBacktestQuery['backtest']>['report']>;
const TIERS: CustomerTier[] = ['FREE', 'PRO', 'ENTERPRISE'];
type Change = ConsoleBacktestChangesFragment['edges'][number]['node'];
const outcome = (t: Change['before']) => (t ? TRIGGER_LABEL[t] : 'stays with the AI');

/** What would change: counts, triggers, the predicted load by tier and hour, and each conversation that differs. */
export function BacktestReport({ backtestId, report: r }: { backtestId: string; report: Report }) {
  const [changes, setChanges] = useState<Change[]>(() => r.changes.edges.map((e) => e.node));
  const [next, setNext] = useState<string | null>(null);
  useEffect(() => {
    setChanges(r.changes.edges.map((e) => e.node));
    setNext(r.changes.pageInfo.hasNextPage ? r.changes.pageInfo.endCursor : null);
  }, [r]);
  const more = () =>
    void api.request(BacktestChangesQuery, { id: backtestId, after: next }).then((res) => {
      const page = res.backtest?.report?.changes;
      if (!page) return;
      setChanges((old) => [...old, ...page.edges.map((e) => e.node)]);
      setNext(page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null);
    });
  return (
    <div class="report" data-testid="backtest-report">
      <dl class="stats">
        <div>
          <dt>Conversations</dt>
          <dd>{r.conversations}</dd>
        </div>
        <div>
          <dt>Escalations</dt>
          <dd>
            {r.escalationsBefore} → {r.escalationsAfter}
          </dd>
        </div>
        <div>
          <dt>Added</dt>
          <dd data-testid="bt-added">{r.added}</dd>
        </div>
        <div>
          <dt>Removed</dt>
          <dd data-testid="bt-removed">{r.removed}</dd>
        </div>
        <div>
          <dt>Changed trigger</dt>
          <dd>{r.retriggered}</dd>
        </div>
        <div>
          <dt>Auto-assigned</dt>
          <dd data-testid="bt-auto-assigned">{r.autoAssigned}</dd>
        </div>
      </dl>
      <h3>Load by tier and hour (UTC)</h3>
      <Legend
        items={[
          { label: 'What happened', color: '#9aa3b2' },
          { label: 'Under this document', color: '#2652c9' },
        ]}
      />
      <div class="load-charts" data-testid="load-chart">
        {TIERS.map((tier) => {
          const points = r.loadByTierHour.filter((l) => l.tier === tier);
          return (
            <figure key={tier}>
              <figcaption>
                {tier.charAt(0) + tier.slice(1).toLowerCase()}: {points.reduce((s, p) => s + p.before, 0)} →{' '}
                {points.reduce((s, p) => s + p.after, 0)} escalations
              </figcaption>
              {points.length > 0 && (
                <HourColumns points={points} label={`${tier} escalations by hour, before and after`} />
              )}
            </figure>
          );
        })}
      </div>
      {r.byTrigger.length > 0 && (
        <DataTable
          caption="Escalations by trigger"
          columns={[
            { header: 'Trigger', cell: (t) => TRIGGER_LABEL[t.trigger] },
            { header: 'Before', cell: (t) => t.before },
            { header: 'After', cell: (t) => t.after },
          ]}
          rows={r.byTrigger}
          rowKey={(t) => t.trigger}
        />
      )}
      <h3>Conversations that change ({r.changes.totalCount})</h3>
      {changes.length === 0 ? (
        <p class="muted">None: this document decides every conversation in the window as before.</p>
      ) : (
        <ul class="plain changes">
          {changes.map((c) => (
            <li key={c.conversation.id}>
              <button type="button" class="link" onClick={() => openConversation(c.conversation.id)}>
                {c.conversation.customer.name}
              </button>{' '}
              <span class={c.before ? 'muted' : ''}>{outcome(c.before)}</span> →{' '}
              <strong class={c.after ? 'added' : 'removed'}>{outcome(c.after)}</strong>
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button type="button" class="more" onClick={more}>
          Load more
        </button>
      )}
    </div>
  );
}
