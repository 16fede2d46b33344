import type { ConsoleNumbersQuery } from '../../gql/graphql';
import { HBars } from '../charts/Bars';

/** What the window says about the knowledge base, errors, pages and accounts. */
export function Insights({ insights: i }: { insights: ConsoleNumbersQuery['insights'] }) {
  return (
    <div class="chart-grid">
      <section class="card" aria-labelledby="i-gaps">
        <h2 id="i-gaps">Knowledge gaps</h2>
        <p class="muted small">Escalated questions no article covers, grouped.</p>
        <HBars
          label="Questions without an article"
          bars={i.kbGaps.map((g) => ({ label: clip(g.label), value: g.count, tone: 'warn' }))}
        />
      </section>
      <section class="card" aria-labelledby="i-errors">
        <h2 id="i-errors">Recurring errors</h2>
        <HBars
          label="Error codes customers saw"
          bars={i.recurringErrors.map((e) => ({ label: e.code, value: e.count }))}
        />
      </section>
      <section class="card" aria-labelledby="i-routes">
        <h2 id="i-routes">Hot routes</h2>
        <table class="data">
          <caption class="sr-only">Conversations by page and how many reached a person</caption>
          <thead>
            <tr>
              <th scope="col">Page</th>
              <th scope="col">Conversations</th>
              <th scope="col">Escalated</th>
            </tr>
          </thead>
          <tbody>
            {i.hotRoutes.map((r) => (
              <tr key={r.route}>
                <th scope="row" class="mono">
                  {r.route}
                </th>
                <td>{r.count}</td>
                <td>{r.escalations}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {i.hotRoutes.length === 0 && <p class="muted small">No page context in this window.</p>}
      </section>
      <section class="card" aria-labelledby="i-risk">
        <h2 id="i-risk">Accounts at risk</h2>
        {i.accountsAtRisk.length === 0 ? (
          <p class="muted small">None in this window.</p>
        ) : (
          <ul class="plain">
            {i.accountsAtRisk.map((a) => (
              <li key={a.customer.id}>
                <strong>{a.customer.name}</strong>
                {a.customer.company && <span class="muted"> · {a.customer.company}</span>}
                <span class="small"> · {a.reasons.join('; ')}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

const clip = (s: string) => (s.length > 22 ? `${s.slice(0, 21)}…` : s);
