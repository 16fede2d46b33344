import { useEffect, useState } from 'preact/hooks';
import { api } from '../../app';
import { ApproveSuggestionMutation, RejectSuggestionMutation, SuggestionQuery } from '../../api/operations/knowledge';
import type { ConsoleSuggestionQuery } from '../../gql/graphql';
import { Dialog } from '../conversation/Dialog';
import { useConsole } from '../context';
import { dateTime, percent } from '../format';
import { go, openConversation } from '../router';

type Suggestion = ConsoleSuggestionQuery['knowledgeSuggestion'];

/**
 * One suggestion: the draft (editable by a reviewer) beside the article it revises, the replay report and the
 * conversations it came from; approve (with the edits) or reject with a reason. Admins and LEAD agents review.
 */
export function SuggestionDetail({ id, onChanged }: { id: string; onChanged(): void }) {
  const { isLead } = useConsole();
  const [s, setS] = useState<Suggestion | null>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    api.request(SuggestionQuery, { id }).then(
      (r) => {
        setS(r.knowledgeSuggestion);
        setTitle(r.knowledgeSuggestion.title);
        setBody(r.knowledgeSuggestion.body);
      },
      (e: Error) => setError(e.message),
    );
  }, [id]);
  if (!s) return <p role={error ? 'alert' : 'status'}>{error ?? 'Loading the suggestion…'}</p>;

  const pending = s.status === 'PENDING';
  const editable = pending && isLead;
  const approve = async () => {
    setBusy(true);
    setError(null);
    try {
      const edits = { title: title !== s.title ? title : null, body: body !== s.body ? body : null };
      const a = (await api.request(ApproveSuggestionMutation, { id, edits })).approveKnowledgeSuggestion;
      setS({ ...s, status: 'APPROVED', articleId: a.id });
      onChanged();
      setDone(`Published as “${a.title}” (${a.id}, version ${a.version}). The AI answers from it now.`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const reject = async () => {
    if (!reason.trim()) return setError('Say why, for whoever drafted it.');
    setBusy(true);
    try {
      const r = (await api.request(RejectSuggestionMutation, { id, reason: reason.trim() })).rejectKnowledgeSuggestion;
      setS({ ...s, status: r.status, rejectReason: r.rejectReason });
      setRejecting(false);
      onChanged();
      setDone('Rejected: nothing was published.');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class="suggestion" aria-labelledby="sugg-h">
      <header class="detail-head">
        <h1 id="sugg-h">{s.revises ? `Revision of “${s.revises.title}”` : 'New article'}</h1>
        <p class="muted small">
          Asked: “{s.question}” · drafted {dateTime(s.createdAt)} · {s.status.toLowerCase()}
          {s.rejectReason && `: ${s.rejectReason}`}
        </p>
      </header>
      <div class={s.revises ? 'side-by-side' : ''}>
        <section aria-labelledby="draft-h">
          <h2 id="draft-h">Draft</h2>
          <label for="sugg-title">Title</label>
          <input id="sugg-title" value={title} readOnly={!editable} onInput={(e) => setTitle(e.currentTarget.value)} />
          <label for="sugg-body">Body</label>
          <textarea
            id="sugg-body"
            rows={14}
            value={body}
            readOnly={!editable}
            onInput={(e) => setBody(e.currentTarget.value)}
          />
        </section>
        {s.revises && (
          <section aria-labelledby="current-h">
            <h2 id="current-h">The article now (version {s.revises.version})</h2>
            <p class="article-title">{s.revises.title}</p>
            <pre class="article-body">{s.revises.body}</pre>
          </section>
        )}
      </div>
      <section aria-labelledby="replay-h">
        <h2 id="replay-h">Replay</h2>
        {s.replay ? (
          <>
            <p data-testid="replay-summary">
              With this draft the AI would have answered <strong>{s.replay.wouldAnswer}</strong> of the {s.replay.total}{' '}
              recent escalated conversations itself.
            </p>
            <ul class="plain chips">
              {s.replay.conversations.map((c) => (
                <li key={c.id}>
                  <button type="button" class="link" onClick={() => openConversation(c.id)}>
                    {c.id.slice(0, 8)}
                  </button>{' '}
                  <span class="muted small">{percent(c.confidence)}</span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p class="muted">The replay has not run yet.</p>
        )}
        <h3>Made from</h3>
        <ul class="plain">
          {s.sourceConversations.map((c) => (
            <li key={c.id}>
              <button type="button" class="link" onClick={() => openConversation(c.id)}>
                {c.customer.name}
              </button>
            </li>
          ))}
        </ul>
      </section>
      {done && (
        <p class="ok-text" role="status">
          {done}{' '}
          {s.articleId && (
            <button type="button" class="link" onClick={() => go('knowledge', `articles/${s.articleId}`)}>
              Open the article
            </button>
          )}
        </p>
      )}
      {error && !rejecting && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {pending && !isLead && <p class="muted">Lead agents and admins review suggestions.</p>}
      {editable && (
        <div class="detail-actions">
          <button type="button" class="primary" disabled={busy} onClick={() => void approve()}>
            {title !== s.title || body !== s.body ? 'Approve with edits' : 'Approve'}
          </button>
          <button type="button" disabled={busy} onClick={() => setRejecting(true)}>
            Reject…
          </button>
        </div>
      )}
      {rejecting && (
        <Dialog
          title="Reject the suggestion"
          onClose={() => setRejecting(false)}
          onSubmit={() => void reject()}
          submitLabel="Reject"
          busy={busy}
          error={error}
        >
          <label for="sugg-reason">Reason</label>
          <textarea id="sugg-reason" rows={3} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </Dialog>
      )}
    </article>
  );
}
