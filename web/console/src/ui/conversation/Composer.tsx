import { useRef, useState } from 'preact/hooks';
import { api } from '../../app';
import { AddNoteMutation, SendMessageMutation } from '../../api/operations/actions';
import { SetTypingMutation } from '../../api/operations/conversation';
import type { ConsoleDetailFragment, ConsoleMessageFragment, ConsoleNoteFragment } from '../../gql/graphql';
import { useConsole } from '../context';

const newId = () => crypto.randomUUID();

/**
 * Reply (to the customer, when the conversation is yours) or internal note (anyone on the team). Enter sends,
 * Shift+Enter starts a new line. A failed send keeps the text and its idempotency key, so trying again stores it once.
 */
export function Composer({
  conv,
  onSent,
  onNote,
}: {
  conv: ConsoleDetailFragment;
  onSent(m: ConsoleMessageFragment): void;
  onNote(n: ConsoleNoteFragment): void;
}) {
  const { agent } = useConsole();
  const mine = conv.status === 'AGENT_ACTIVE' && conv.assignee?.id === agent.id;
  const closed = conv.status === 'RESOLVED' || conv.status === 'CLOSED';
  // Until the agent picks, replying is the default whenever the conversation is theirs (it may become so while open).
  const [mode, setMode] = useState<'reply' | 'note' | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newId());
  const lastTyping = useRef(0);
  const effective = (mode ?? 'reply') === 'reply' && mine ? 'reply' : 'note';

  const send = async () => {
    const body = text.trim();
    if (!body || busy) return;
    setBusy(true);
    setError(null);
    try {
      if (effective === 'reply') {
        const r = await api.request(SendMessageMutation, {
          input: { conversationId: conv.id, body, clientMessageId: key.current },
        });
        onSent(r.sendMessage);
      } else {
        const r = await api.request(AddNoteMutation, {
          input: { conversationId: conv.id, body, clientNoteId: key.current },
        });
        onNote(r.addInternalNote);
      }
      setText('');
      key.current = newId();
      lastTyping.current = 0;
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const onInput = (v: string) => {
    setText(v);
    if (effective !== 'reply' || Date.now() - lastTyping.current < 3000) return;
    lastTyping.current = Date.now();
    void api.request(SetTypingMutation, { id: conv.id, typing: true }).catch(() => undefined);
  };

  if (closed) return <div class="composer closed muted">This conversation is {conv.status.toLowerCase()}.</div>;
  return (
    <form
      class={`composer ${effective}`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <div class="tabs" role="group" aria-label="Write">
        <button
          type="button"

          aria-pressed={effective === 'reply'}
          disabled={!mine}
          title={mine ? undefined : 'Claim the conversation to reply'}
          onClick={() => setMode('reply')}
        >
          Reply
        </button>
        <button type="button" aria-pressed={effective === 'note'} onClick={() => setMode('note')}>
          Internal note
        </button>
      </div>
      <label for="composer-text" class="sr-only">
        {effective === 'reply' ? 'Reply to the customer' : 'Internal note for the team'}
      </label>
      <textarea
        id="composer-text"
        rows={3}
        value={text}
        placeholder={effective === 'reply' ? 'Reply to the customer…' : 'Write a note only your team will see…'}
        onInput={(e) => onInput(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <div class="composer-foot">
        {error ? (
          <span class="error small" role="alert">
            {error}
          </span>
        ) : (
          <span class="muted small">
            {effective === 'reply' ? 'Enter sends to the customer' : 'Notes never reach the customer or the AI'}
          </span>
        )}
        <button type="submit" class="primary" disabled={busy || !text.trim()}>
          {effective === 'reply' ? 'Send reply' : 'Add note'}
        </button>
      </div>
    </form>
  );
}
