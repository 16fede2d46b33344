import { useEffect, useState } from 'preact/hooks';
import { api } from '../../app';
import { DigestsQuery, NumbersQuery } from '../../api/operations/numbers';
import type { ConsoleDigestsQuery, ConsoleNumbersQuery } from '../../gql/graphql';
import { HBars } from '../charts/Bars';
import { duration, percent, STEP_LABEL, TRIGGER_LABEL } from '../format';
import { Insights } from './Insights';

type Numbers = ConsoleNumbersQuery;
type Digest = ConsoleDigestsQuery['reviewDigests']['edges'][number]['node'];
const WINDOWS = [7, 30, 90] as const;
const secs = (s: number | null) => (s == null ? '–' : duration(s * 1000));

/** How support is doing over a window: the AI's share, escalations, waits, satisfaction, the ladder; insights; digests. */
export function NumbersScreen() {
  const [days, setDays] = useState<number>(30);
  const [n, setN] = useState<Numbers | null>(null);
  const [digests, setDigests] = useState<Digest[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const to = new Date(Date.now() + 60_000);
    const from = new Date(to.getTime() - days * 86_400_000);
    api
      .request(NumbersQuery, { from: from.toISOString(), to: to.toISOString() })
      .then(setN, (e: Error) => setError(e.message));
  }, [days]);
  useEffect(() => {
    api.request(DigestsQuery, {}).then(
      (r) => setDigests(r.reviewDigests.edges.map((e) => e.node)),
      () => setDigests([]),
    );
  }, []);
  const m = n?.supportMetrics;
  return (
    <div class="screen-body numbers">
      <div class="screen-head">
        <h1>Numbers</h1>
        <label for="num-window">Conversations started in the last</label>
        <select id="num-window" value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
          {WINDOWS.map((d) => (
            <option key={d} value={d}>
              {d} days
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!m ? (
        <p role="status">Loading…</p>
      ) : (
        <>
          <dl class="stats">
            <div>
              <dt>Conversations</dt>
              <dd>{m.conversations}</dd>
            </div>
            <div>
              <dt>AI resolution rate</dt>
              <dd data-testid="ai-rate">{percent(m.aiResolutionRate)}</dd>
            </div>
            <div>
              <dt>Escalation rate</dt>
              <dd>{percent(m.escalationRate)}</dd>
            </div>
            <div>
              <dt>Reopened</dt>
              <dd>{m.reopens}</dd>
            </div>
          </dl>
          <div class="chart-grid">
            <section class="card" aria-labelledby="c-res">
              <h2 id="c-res">Who resolved it</h2>
              <HBars
                label="Conversations by outcome"
                bars={[
                  { label: 'AI alone', value: m.aiResolved, tone: 'ok' },
                  { label: 'Reached a person', value: m.escalations, tone: 'warn' },
                  {
                    label: 'Other / open',
                    value: Math.max(0, m.conversations - m.aiResolved - m.escalations),
                    tone: 'muted',
                  },
                ]}
              />
            </section>
            <section class="card" aria-labelledby="c-trig">
              <h2 id="c-trig">Escalation rate by trigger</h2>
              <HBars
                label="Share of conversations escalated, by trigger"
                max={1}
                bars={m.escalationsByTrigger.map((t) => ({
                  label: TRIGGER_LABEL[t.trigger],
                  value: m.conversations ? t.count / m.conversations : 0,
                  text: `${percent(m.conversations ? t.count / m.conversations : 0)} (${t.count})`,
                }))}
              />
            </section>
            <section class="card" aria-labelledby="c-tth">
              <h2 id="c-tth">Time to a person</h2>
              <HBars
                label="Time from escalation to the first claim"
                bars={[
                  { label: 'p50', value: m.timeToHumanSeconds.p50 ?? 0, text: secs(m.timeToHumanSeconds.p50) },
                  {
                    label: 'p90',
                    value: m.timeToHumanSeconds.p90 ?? 0,
                    text: secs(m.timeToHumanSeconds.p90),
                    tone: 'warn',
                  },
                ]}
              />
            </section>
            <section class="card" aria-labelledby="c-csat">
              <h2 id="c-csat">Satisfaction (1–5)</h2>
              <HBars
                label="Mean rating"
                max={5}
                bars={[
                  { label: 'AI only', value: m.csatAiOnly ?? 0, text: m.csatAiOnly?.toFixed(2) ?? '–', tone: 'ok' },
                  {
                    label: 'After escalation',
                    value: m.csatAfterEscalation ?? 0,
                    text: m.csatAfterEscalation?.toFixed(2) ?? '–',
                  },
                ]}
              />
            </section>
            <section class="card" aria-labelledby="c-ladder">
              <h2 id="c-ladder">SLA ladder steps</h2>
              <HBars
                label="Ladder steps taken"
                bars={m.slaSteps.map((s) => ({ label: STEP_LABEL[s.action], value: s.count, tone: 'warn' }))}
              />
            </section>
          </div>
          {n && <Insights insights={n.insights} />}
        </>
      )}
      <section aria-labelledby="h-digests">
        <h2 id="h-digests">Weekly digests</h2>
        {digests?.length === 0 && <p class="muted">No digest yet: one is sent every Monday (REVIEW_DIGEST_CRON).</p>}
        {digests?.map((d) => (
          <details key={d.id} class="digest">
            <summary>{d.title}</summary>
            {d.sections.map((s) => (
              <div key={s.heading}>
                <h3>{s.heading}</h3>
                <ul>
                  {s.lines.map((l, i) => (
                    <li key={i}>{l}</li>
                  ))}
                </ul>
              </div>
            ))}
          </details>
        ))}
      </section>
    </div>
  );
}
