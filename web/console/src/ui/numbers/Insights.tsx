import type { ConsoleNumbersQuery } from '../../gql/graphql';
import { HBars } from '../charts/Bars';
import { DataTable } from '../DataTable';

/** What the window says about the knowledge base, errors, pages and accounts. */
export function Insights({ insights: i }: { insights: ConsoleNumbersQuery['insights'] }) {
  return (
    <div class="chart-grid">
      <section class="card" aria-labelledby="i-gaps">
        <h2 id="i-gaps">Knowledge gaps</h2>
        <p class="muted small">Escalated questions no article covers, grouped: each as a customer asked it.</p>
        {/* A table, not bars: the question is what a lead acts on, and a bar's label has room for 19 characters. */}
        <DataTable
          caption="Questions without an article, and how often they were asked"
          captionVisible={false}
          columns={[
            { header: 'Question', cell: (g) => g.label },
            { header: 'Asked', cell: (g) => g.count },
          ]}
          rows={i.kbGaps}
          rowKey={(g) => g.label}
        />
        {i.kbGaps.length === 0 && <p class="muted small">No uncovered questions in this window.</p>}
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
        <DataTable
          caption="Conversations by page and how many reached a person"
          captionVisible={false}
          columns={[
            { header: 'Page', cell: (r) => r.route, class: 'mono' },
            { header: 'Conversations', cell: (r) => r.count },
            { header: 'Escalated', cell: (r) => r.escalations },
          ]}
          rows={i.hotRoutes}
          rowKey={(r) => r.route}
        />
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
