import { useEffect, useRef } from 'preact/hooks';
import type { ConsoleMessageFragment, ConsoleNoteFragment } from '../../gql/graphql';
import { clock, percent } from '../format';

type Item =
  { kind: 'message'; at: number; m: ConsoleMessageFragment } | { kind: 'note'; at: number; n: ConsoleNoteFragment };

/** Messages in order, with internal notes placed by time and set visibly apart (the customer never sees those). */
export function Transcript({
  messages,
  notes,
  typing,
}: {
  messages: ConsoleMessageFragment[];
  notes: ConsoleNoteFragment[];
  typing: string | null;
}) {
  const end = useRef<HTMLDivElement>(null);
  const items: Item[] = [
    ...messages.map((m) => ({ kind: 'message' as const, at: Date.parse(m.createdAt), m })),
    ...notes.map((n) => ({ kind: 'note' as const, at: Date.parse(n.createdAt), n })),
  ].sort((a, b) => a.at - b.at);
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [messages.length, notes.length, typing]);

  return (
    <div class="transcript" role="log" aria-label="Transcript" tabIndex={0}>
      {items.map((it) => (it.kind === 'note' ? <Note key={it.n.id} n={it.n} /> : <Msg key={it.m.id} m={it.m} />))}
      {typing && (
        <p class="typing" role="status">
          {typing} is typing…
        </p>
      )}
      <div ref={end} />
    </div>
  );
}

function Msg({ m }: { m: ConsoleMessageFragment }) {
  if (m.authorKind === 'SYSTEM')
    return (
      <div class="msg system" data-author="SYSTEM">
        <span>{m.body}</span> <time dateTime={m.createdAt}>{clock(m.createdAt)}</time>
      </div>
    );
  const who =
    m.authorKind === 'AI' ? 'AI assistant' : m.authorKind === 'CUSTOMER' ? 'Customer' : (m.authorName ?? 'Agent');
  return (
    <article
      class={`msg ${m.authorKind.toLowerCase()}`}
      data-author={m.authorKind}
      aria-label={`${who} at ${clock(m.createdAt)}`}
    >
      <div class="msg-meta">
        <strong>{who}</strong>
        <time dateTime={m.createdAt}>{clock(m.createdAt)}</time>
        {m.ai && (
          <span class={`confidence${m.ai.confidence < 0.5 ? ' low' : ''}`} title="How sure the AI was">
            Confidence {percent(m.ai.confidence)}
          </span>
        )}
      </div>
      <div class="bubble">{m.body}</div>
      {m.ai && m.ai.sources.length > 0 && (
        <div class="sources">
          Sources:{' '}
          {m.ai.sources.map((s, i) => (
            <>
              {i > 0 && ', '}
              <a key={s.id} href={`/help/articles/${encodeURIComponent(s.id)}`} target="_blank" rel="noopener">
                {s.title}
              </a>
            </>
          ))}
        </div>
      )}
    </article>
  );
}

function Note({ n }: { n: ConsoleNoteFragment }) {
  return (
    <article class="msg note" data-author="NOTE" aria-label={`Internal note by ${n.authorName}`}>
      <div class="msg-meta">
        <strong>Internal note</strong>
        <span>{n.authorName}</span>
        <time dateTime={n.createdAt}>{clock(n.createdAt)}</time>
        <span class="note-hint">Only your team sees this</span>
      </div>
      <div class="bubble">{n.body}</div>
    </article>
  );
}
