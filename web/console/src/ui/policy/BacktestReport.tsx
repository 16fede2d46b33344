import type { ConsoleBacktestQuery, CustomerTier } from '../../gql/graphql';
import { HourColumns, Legend } from '../charts/Bars';
import { TRIGGER_LABEL } from '../format';
import { openConversation } from '../router';

type Report = NonNullable<NonNullable<ConsoleBacktestQuery['backtest']>['report']>;
const TIERS: CustomerTier[] = ['FREE', 'PRO', 'ENTERPRISE'];
const outcome = (t: Report['changes']['edges'][number]['node']['before']) =>
  t ? TRIGGER_LABEL[t] : 'stays with the AI';

/** What would change: counts, triggers, the predicted load by tier and hour, and each conversation that differs. */
export function BacktestReport({ report: r }: { report: Report }) {
  const changes = r.changes.edges.map((e) => e.node);
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
        <table class="data">
          <caption>Escalations by trigger</caption>
          <thead>
            <tr>
              <th scope="col">Trigger</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {r.byTrigger.map((t) => (
              <tr key={t.trigger}>
                <th scope="row">{TRIGGER_LABEL[t.trigger]}</th>
                <td>{t.before}</td>
                <td>{t.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
    </div>
  );
}
