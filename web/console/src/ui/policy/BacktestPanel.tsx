import { useState } from 'preact/hooks';
import { api } from '../../app';
import { BacktestProgressSubscription, BacktestQuery, StartBacktestMutation } from '../../api/operations/policy';
import type { ConsoleBacktestQuery } from '../../gql/graphql';
import { useSubscription } from '../hooks';
import { BacktestReport } from './BacktestReport';

type Report = NonNullable<NonNullable<ConsoleBacktestQuery['backtest']>['report']>;

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Replays the window's recorded decisions under the edited document; its progress comes over `backtestProgress`. */
export function BacktestPanel({
  text,
  valid,
  onCompleted,
}: {
  text: string;
  valid: boolean;
  onCompleted(text: string): void;
}) {
  const [from, setFrom] = useState(day(new Date(Date.now() - 30 * 86_400_000)));
  const [to, setTo] = useState(day(new Date(Date.now() + 86_400_000)));
  const [run, setRun] = useState<{ id: string; text: string } | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const finish = async (id: string, tested: string) => {
    const r = await api.request(BacktestQuery, { id });
    const b = r.backtest;
    if (b?.status === 'COMPLETED' && b.report) {
      setReport(b.report);
      onCompleted(tested);
    } else if (b?.status === 'FAILED') setError(`The backtest failed: ${b.error ?? 'unknown error'}`);
    setBusy(false);
  };
  useSubscription(
    BacktestProgressSubscription,
    run ? { id: run.id } : null,
    (d) => {
      const b = d.backtestProgress;
      setProgress(b.progress);
      if (run && b.status !== 'RUNNING') void finish(run.id, run.text);
    },
    run?.id ?? 'none',
  );

  const start = async () => {
    setBusy(true);
    setError(null);
    setReport(null);
    setProgress(0);
    try {
      const r = await api.request(StartBacktestMutation, {
        document: JSON.parse(text),
        from: new Date(`${from}T00:00:00Z`).toISOString(),
        to: new Date(`${to}T00:00:00Z`).toISOString(),
      });
      setRun({ id: r.backtestEscalationPolicy.id, text });
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <section class="backtest" aria-labelledby="h-backtest">
      <h2 id="h-backtest">Backtest</h2>
      <p class="muted small">
        Replays what was recorded for every conversation started in the window under this document. Live conversations
        are not touched.
      </p>
      <div class="row-fields">
        <div>
          <label for="bt-from">From</label>
          <input id="bt-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </div>
        <div>
          <label for="bt-to">To (exclusive)</label>
          <input id="bt-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </div>
        <button type="button" class="primary" disabled={!valid || busy} onClick={() => void start()}>
          Run backtest
        </button>
      </div>
      {busy && progress !== null && (
        <p role="status">
          Replaying… <progress max={1} value={progress} aria-label="Backtest progress" /> {Math.round(progress * 100)}%
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {report && run && (
        <>
          {run.text !== text && (
            <p class="warn-text" role="status">
              The document changed since this backtest: run it again before publishing.
            </p>
          )}
          <BacktestReport backtestId={run.id} report={report} />
        </>
      )}
    </section>
  );
}
