import { useRef, useState } from 'preact/hooks';
import { api } from '../../app';
import { AddNoteMutation, SendMessageMutation, SuggestReplyMutation } from '../../api/operations/actions';
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
  const [suggesting, setSuggesting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newId());
  const area = useRef<HTMLTextAreaElement>(null);
  const lastTyping = useRef(0);
  const effective = (mode ?? 'reply') === 'reply' && mine ? 'reply' : 'note';

  // Chat-style: the composer empties as soon as a message goes, so the agent can write the next one (a reply, then a
  // note) while the first is still on its way; each send has its own idempotency key. A failed send comes back into
  // an empty composer with its key, so sending it again lands once.
  const send = async () => {
    const body = text.trim();
    if (!body) return;
    const clientKey = key.current;
    key.current = newId();
    const as = effective;
    setText('');
    setBusy(true);
    setError(null);
    try {
      if (as === 'reply') {
        const r = await api.request(SendMessageMutation, {
          input: { conversationId: conv.id, body, clientMessageId: clientKey },
        });
        onSent(r.sendMessage);
      } else {
        const r = await api.request(AddNoteMutation, {
          input: { conversationId: conv.id, body, clientNoteId: clientKey },
        });
        onNote(r.addInternalNote);
      }
      lastTyping.current = 0;
    } catch (e) {
      setError((e as Error).message);
      setText((now) => {
        if (now.trim()) return now;
        key.current = clientKey;
        return body;
      });
    } finally {
      setBusy(false);
    }
  };

  // The draft only fills the composer: the agent reads and edits it, and nothing goes until they send it.
  const suggest = async () => {
    setSuggesting(true);
    setError(null);
    try {
      const r = await api.request(SuggestReplyMutation, { id: conv.id });
      setText(r.suggestReply.draft);
      area.current?.focus();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSuggesting(false);
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
        <button
          type="button"
          class="suggest"
          disabled={suggesting}
          aria-busy={suggesting}
          title="Draft a reply from the knowledge base and the handoff, to edit before sending"
          onClick={() => void suggest()}
        >
          {suggesting ? 'Suggesting…' : 'Suggest reply'}
        </button>
      </div>
      <label for="composer-text" class="sr-only">
        {effective === 'reply' ? 'Reply to the customer' : 'Internal note for the team'}
      </label>
      <textarea
        id="composer-text"
        ref={area}
        rows={text.includes('\n') ? 8 : 3}
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
        <button type="submit" class="primary" disabled={!text.trim()} aria-busy={busy}>
          {effective === 'reply' ? 'Send reply' : 'Add note'}
        </button>
      </div>
    </form>
  );
}
