import type { ConsoleDetailFragment } from '../../gql/graphql';
import { useNow } from '../hooks';
import { STEP_LABEL, TRIGGER_LABEL, dateTime, duration, percent, titleCase } from '../format';
import { useState } from 'preact/hooks';
import { BillingCard } from '../money/BillingCard';
import type { ChargeRef } from '../money/ProposeDialog';
import { useConsole } from '../context';
import { AccountSections } from './AccountSections';

/** The team's side of the conversation: the handoff packet, the escalation evidence, the SLA steps, the workflow. */
export function ContextPanel({ conv, temporalUrl }: { conv: ConsoleDetailFragment; temporalUrl: string | null }) {
  const { agent, role } = useConsole();
  const [proposing, setProposing] = useState<{ charge: ChargeRef | null } | null>(null);
  const mine = conv.status === 'AGENT_ACTIVE' && conv.assignee?.id === agent.id && role !== 'ADMIN';
  const h = conv.handoff;
  const e = conv.escalation;
  return (
    <aside class="context" aria-label="Handoff and context" tabIndex={0}>
      {h ? (
        <section class="card handoff" aria-labelledby="h-handoff">
          <h3 id="h-handoff">Handoff</h3>
          <dl>
            <dt>Goal</dt>
            <dd data-testid="handoff-goal">{h.goal}</dd>
            <dt>Summary</dt>
            <dd>
              {h.summary}{' '}
              <span class="muted small">({h.summaryBy === 'model' ? 'written by the model' : 'assembled'})</span>
            </dd>
            <dt>Why the AI stopped</dt>
            <dd>{h.whyStopped}</dd>
          </dl>
          {h.aiAttempts.length > 0 && (
            <>
              <h4>What the AI tried</h4>
              <ol class="attempts">
                {h.aiAttempts.map((a) => (
                  <li key={a.seq}>
                    <span class="muted small">
                      Message {a.seq} · confidence {percent(a.confidence)}
                      {a.sources.length > 0 ? ` · ${a.sources.join(', ')}` : ''}
                    </span>
                    <p>{a.excerpt}</p>
                  </li>
                ))}
              </ol>
            </>
          )}
          {h.flags.length > 0 && (
            <p class="flags">
              {h.flags.map((f) => (
                <span class="chip warn" key={f}>
                  {f}
                </span>
              ))}
            </p>
          )}
        </section>
      ) : (
        <section class="card">
          <h3>Handoff</h3>
          <p class="muted">The AI has not handed this conversation over.</p>
        </section>
      )}
      {e && (
        <section class="card" aria-labelledby="h-escalation">
          <h3 id="h-escalation">Escalation evidence</h3>
          <p>
            <strong>{TRIGGER_LABEL[e.reason]}</strong>
            {e.category ? ` · ${titleCase(e.category)}` : ''}
            <span class="muted small">
              {' '}
              · {dateTime(e.at)} · policy v{e.policyVersion}
            </span>
          </p>
          <p class="muted small">
            AI confidence {percent(e.confidence)} · sentiment {e.sentiment == null ? '–' : e.sentiment.toFixed(2)}
          </p>
          <table class="triggers">
            <caption class="sr-only">Triggers evaluated on the deciding turn</caption>
            <thead>
              <tr>
                <th scope="col">Trigger</th>
                <th scope="col">Score</th>
                <th scope="col">Evidence</th>
              </tr>
            </thead>
            <tbody>
              {e.triggers.map((t) => (
                <tr key={t.kind} class={t.fired ? 'fired' : ''}>
                  <th scope="row">
                    {t.fired ? '● ' : ''}
                    {TRIGGER_LABEL[t.kind]}
                  </th>
                  <td>
                    {t.score == null ? '–' : t.score.toFixed(2)}
                    {t.threshold == null ? '' : ` / ${t.threshold.toFixed(2)}`}
                  </td>
                  <td>{t.evidence ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {conv.sla && <SlaCard sla={conv.sla} waiting={conv.status === 'AWAITING_AGENT'} />}
      <PageCard conv={conv} />
      <BillingCard conv={conv} proposing={proposing} setProposing={setProposing} />
      <AccountSections conv={conv} onRefund={mine ? (charge) => setProposing({ charge }) : null} />
      <section class="card" aria-labelledby="h-workflow">
        <h3 id="h-workflow">Workflow</h3>
        <p class="mono small">{conv.workflowId}</p>
        {temporalUrl && (
          <a href={temporalUrl} target="_blank" rel="noopener">
            Open in the Temporal UI
          </a>
        )}
      </section>
    </aside>
  );
}

function SlaCard({ sla, waiting }: { sla: NonNullable<ConsoleDetailFragment['sla']>; waiting: boolean }) {
  const now = useNow(1000);
  const left = Date.parse(sla.deadline) - now;
  return (
    <section class="card" aria-labelledby="h-sla">
      <h3 id="h-sla">SLA</h3>
      <p>
        {waiting ? (
          <span class={`sla${left < 0 ? ' overdue' : ''}`}>
            {left < 0 ? `Overdue by ${duration(left)}` : `Claim within ${duration(left)}`}
          </span>
        ) : (
          <span class="muted">Deadline {dateTime(sla.deadline)}</span>
        )}
        <span class="muted small"> · open to {sla.pool.join(', ')}</span>
      </p>
      <ol class="steps">
        {[...sla.steps]
          .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))
          .map((s) => (
            <li key={s.action} class={s.firedAt ? 'done' : ''}>
              <span>
                {STEP_LABEL[s.action]} <span class="muted small">at {s.atPercent}%</span>
              </span>
              <span class="muted small">{s.firedAt ? `fired ${dateTime(s.firedAt)}` : `due ${dateTime(s.dueAt)}`}</span>
            </li>
          ))}
      </ol>
    </section>
  );
}

function PageCard({ conv }: { conv: ConsoleDetailFragment }) {
  const p = conv.handoff?.pageContext ?? conv.pageContext;
  if (!p.route && !p.url && !p.title && !p.errorMessage) return null;
  return (
    <section class="card" aria-labelledby="h-page">
      <h3 id="h-page">Page</h3>
      <dl>
        {p.title && (
          <>
            <dt>Title</dt>
            <dd>{p.title}</dd>
          </>
        )}
        {(p.route || p.url) && (
          <>
            <dt>Where</dt>
            <dd class="mono small">{p.url ?? p.route}</dd>
          </>
        )}
        {p.errorMessage && (
          <>
            <dt>Error shown</dt>
            <dd class="error-text">{p.errorMessage}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
