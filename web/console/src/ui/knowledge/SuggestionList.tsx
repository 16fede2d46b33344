import { useEffect, useState } from 'preact/hooks';
import { api } from '../../app';
import { SuggestionsQuery } from '../../api/operations/knowledge';
import type { ConsoleSuggestionsQuery, SuggestionStatus } from '../../gql/graphql';
import { dateTime } from '../format';
import { go, href, parseRoute } from '../router';

type Row = ConsoleSuggestionsQuery['knowledgeSuggestions']['edges'][number]['node'];

export function SuggestionList({ selected, version }: { selected: string | null; version: number }) {
  const [status, setStatus] = useState<SuggestionStatus>('PENDING');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.request(SuggestionsQuery, { status }).then(
      (r) => setRows(r.knowledgeSuggestions.edges.map((e) => e.node)),
      (e: Error) => setError(e.message),
    );
  }, [status, selected, version]);
  return (
    <>
      <div class="list-tools">
        <label for="sugg-status">Show</label>
        <select id="sugg-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as SuggestionStatus)}>
          <option value="PENDING">Waiting for review</option>
          <option value="APPROVED">Approved</option>
          <option value="REJECTED">Rejected</option>
        </select>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {rows?.length === 0 && <p class="empty-note">No suggestions here.</p>}
      <ul class="rows" aria-label="Suggestions">
        {rows?.map((s) => (
          <li key={s.id}>
            <a
              class="row-link"
              href={href({ ...parseRoute(), screen: 'knowledge', item: `suggestions/${s.id}` })}
              aria-current={s.id === selected ? 'true' : undefined}
              onClick={(e) => {
                e.preventDefault();
                go('knowledge', `suggestions/${s.id}`);
              }}
            >
              <strong>{s.title}</strong>
              <span class="muted small">
                {s.revisesArticleId ? `Revises ${s.revisesArticleId}` : 'New article'} · {dateTime(s.createdAt)}
              </span>
              {s.replay && (
                <span class="small">
                  Would answer {s.replay.wouldAnswer} of {s.replay.total} past escalations
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
