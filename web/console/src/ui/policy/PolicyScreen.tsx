import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../app';
import { PolicyProblemsQuery, PolicyQuery, PublishPolicyMutation } from '../../api/operations/policy';
import { useConsole } from '../context';
import { dateTime } from '../format';
import { BacktestPanel } from './BacktestPanel';
import { lineOfPath, syntaxProblem, type Located } from './problems';

/**
 * The escalation policy as JSON: checked as it is typed (a syntax error here, the rest by the API with the very
 * validation publishing uses, from domain/policy), backtested, and only then published as the next version.
 */
export function PolicyScreen() {
  const { role } = useConsole();
  const admin = role === 'ADMIN';
  const [current, setCurrent] = useState<{ version: number; createdAt: string; createdBy: string } | null>(null);
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<Located[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [published, setPublished] = useState<string | null>(null);
  const [testedText, setTestedText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);

  const load = async () => {
    const r = await api.request(PolicyQuery, {});
    setCurrent(r.escalationPolicy);
    setText(JSON.stringify(r.escalationPolicy.document, null, 2));
    setProblems([]);
  };
  useEffect(() => {
    load().catch((e: Error) => setError(e.message));
  }, []);

  useEffect(() => {
    if (!admin || !current) return;
    const mine = ++seq.current;
    const t = setTimeout(async () => {
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (e) {
        return setProblems([syntaxProblem(text, e as Error)]);
      }
      try {
        const r = await api.request(PolicyProblemsQuery, { document: doc });
        if (mine === seq.current)
          setProblems(r.escalationPolicyProblems.map((p) => ({ ...p, line: lineOfPath(text, p.path) })));
      } catch (e) {
        if (mine === seq.current) setError((e as Error).message);
      }
    }, 300);
    return () => clearTimeout(t);
  }, [text, admin, current]);

  const valid = problems !== null && problems.length === 0;
  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.request(PublishPolicyMutation, { document: JSON.parse(text) });
      setPublished(
        `Published version ${r.updateEscalationPolicy.version}. Running conversations use it at their next turn.`,
      );
      await load();
      setTestedText(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (!current) return <p role="status">{error ?? 'Loading the policy…'}</p>;
  return (
    <div class="screen-body policy">
      <div class="screen-head">
        <h1>Escalation policy</h1>
        <p class="muted">
          Version {current.version} · by {current.createdBy} · {dateTime(current.createdAt)}
        </p>
      </div>
      {!admin && <p class="muted">Admins edit the policy; here is the version in force.</p>}
      <div class="policy-grid">
        <section class="policy-editor" aria-labelledby="h-doc">
          <h2 id="h-doc">Document</h2>
          <label for="policy-doc" class="sr-only">
            Policy document (JSON)
          </label>
          <textarea
            id="policy-doc"
            class="mono"
            spellcheck={false}
            readOnly={!admin}
            rows={28}
            value={text}
            aria-invalid={problems !== null && problems.length > 0}
            aria-describedby="policy-problems"
            onInput={(e) => {
              setText(e.currentTarget.value);
              setPublished(null);
            }}
          />
          <div id="policy-problems" aria-live="polite">
            {problems && problems.length > 0 && (
              <ul class="problems" data-testid="policy-problems">
                {problems.map((p, i) => (
                  <li key={i}>
                    {p.line != null && <span class="line">Line {p.line}</span>}
                    {p.path && <code>{p.path}</code>} {p.message}
                  </li>
                ))}
              </ul>
            )}
            {admin && valid && text && <p class="ok-text">The document is valid.</p>}
          </div>
          {admin && (
            <div class="policy-actions">
              <button
                type="button"
                class="primary"
                disabled={!valid || testedText !== text || busy}
                onClick={() => void publish()}
              >
                Publish as version {current.version + 1}
              </button>
              {valid && testedText !== text && (
                <span class="muted small">Backtest this document before publishing it.</span>
              )}
              <button type="button" class="link" onClick={() => void load()}>
                Discard changes
              </button>
            </div>
          )}
          {published && (
            <p class="ok-text" role="status">
              {published}
            </p>
          )}
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
        </section>
        {admin && <BacktestPanel text={text} valid={valid} onCompleted={setTestedText} />}
      </div>
    </div>
  );
}
