import { useEffect, useRef, useState } from 'preact/hooks';
import { api, realtime } from '../../app';
import {
  ConversationExtrasQuery,
  ConversationQuery,
  ConversationUpdatedSubscription,
  MessageAddedSubscription,
  MessagesAfterQuery,
  NoteAddedSubscription,
  TypingSubscription,
} from '../../api/operations/conversation';
import type { ConsoleDetailFragment, ConsoleMessageFragment, ConsoleNoteFragment } from '../../gql/graphql';
import { useConsole } from '../context';
import { useSubscription } from '../hooks';
import { Actions } from './Actions';
import { Composer } from './Composer';
import { ContextPanel } from './ContextPanel';
import { Header } from './Header';
import { Transcript } from './Transcript';

const bySeq = (list: ConsoleMessageFragment[]) => {
  const m = new Map(list.map((x) => [x.id, x]));
  return [...m.values()].sort((a, b) => a.seq - b.seq);
};
const byTime = (list: ConsoleNoteFragment[]) => {
  const m = new Map(list.map((x) => [x.id, x]));
  return [...m.values()].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
};

/** One conversation, kept live: messages, notes, status changes and the customer's typing. */
export function ConversationPane({ id }: { id: string }) {
  const { changed } = useConsole();
  const [conv, setConv] = useState<ConsoleDetailFragment | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [messages, setMessages] = useState<ConsoleMessageFragment[]>([]);
  const [notes, setNotes] = useState<ConsoleNoteFragment[]>([]);
  const [typing, setTyping] = useState<{ name: string; until: number } | null>(null);
  const [temporalUrl, setTemporalUrl] = useState<string | null>(null);
  const [notesError, setNotesError] = useState<string | null>(null);
  /** The last seq the first load held: live messages are followed from there once it is known (null: not yet). */
  const [followFrom, setFollowFrom] = useState<number | null>(null);

  /**
   * Counts the states applied from a live event or an action's answer. A (re)load whose read began before one of them
   * may be older than it (a claim answered while the reload was in flight): its state is then dropped, never shown
   * over the newer one; the events that follow keep the pane current.
   */
  const applied = useRef(0);
  const apply = (c: ConsoleDetailFragment) => {
    applied.current++;
    setConv(c);
  };

  const load = async () => {
    try {
      const before = applied.current;
      const r = await api.request(ConversationQuery, { id });
      if (!r.conversation) return setMissing('No such conversation.');
      const { messages: page, ...detail } = r.conversation;
      if (applied.current === before) setConv(detail);
      const loaded = page.edges.map((e) => e.node);
      setMessages((old) => bySeq([...old, ...loaded]));
      setFollowFrom((f) => f ?? loaded[loaded.length - 1]?.seq ?? 0);
    } catch (e) {
      setMissing((e as Error).message);
    }
    try {
      const x = await api.request(ConversationExtrasQuery, { id });
      setTemporalUrl(x.conversation?.temporalUiUrl ?? null);
      setNotes((old) => byTime([...old, ...(x.conversation?.notes ?? [])]));
      setNotesError(null);
    } catch (e) {
      setNotesError(`Internal notes could not be loaded: ${(e as Error).message}`);
    }
  };
  useEffect(() => {
    void load();
    return realtime.onReconnected(() => void load());
  }, [id]);

  // Opened once the first load is in, after the last seq it held: the API first gives what was stored since (what was
  // committed between the load's read and the subscription being taken), then live ones. graphql-ws re-subscribes
  // with the same afterSeq after a reconnect; what that replays again is merged by id.
  useSubscription(
    MessageAddedSubscription,
    followFrom === null ? null : { id, afterSeq: followFrom },
    (d) => {
      setMessages((old) => {
        const last = old[old.length - 1]?.seq ?? 0;
        if (d.messageAdded.seq > last + 1) {
          // A gap (a live event the server dropped): back-fill from the last one seen.
          void api.request(MessagesAfterQuery, { id, afterSeq: last }).then((r) => {
            setMessages((o) => bySeq([...o, ...(r.conversation?.messages.edges.map((e) => e.node) ?? [])]));
          });
        }
        return bySeq([...old, d.messageAdded]);
      });
      if (d.messageAdded.authorKind === 'CUSTOMER') setTyping(null);
    },
    `m-${id}-${followFrom}`,
  );
  useSubscription(
    ConversationUpdatedSubscription,
    { id },
    (d) => {
      apply(d.conversationUpdated);
      changed();
    },
    `u-${id}`,
  );
  useSubscription(
    NoteAddedSubscription,
    { id },
    (d) => setNotes((old) => byTime([...old, d.internalNoteAdded])),
    `n-${id}`,
  );
  useSubscription(
    TypingSubscription,
    { id },
    (d) => {
      const t = d.typingChanged;
      if (t.authorKind !== 'CUSTOMER') return;
      setTyping(t.typing ? { name: t.name ?? conv?.customer.name ?? 'The customer', until: Date.now() + 6000 } : null);
    },
    `t-${id}`,
  );
  useEffect(() => {
    if (!typing) return;
    const t = setTimeout(() => setTyping(null), typing.until - Date.now());
    return () => clearTimeout(t);
  }, [typing]);

  if (missing)
    return (
      <div class="empty">
        <p role="alert">{missing}</p>
      </div>
    );
  if (!conv)
    return (
      <div class="empty" role="status">
        Loading the conversation…
      </div>
    );

  const onChanged = (c: ConsoleDetailFragment) => {
    apply(c);
    changed();
  };
  return (
    <div class="conversation">
      <div class="thread">
        <Header conv={conv}>
          <Actions conv={conv} onChanged={onChanged} temporalUrl={temporalUrl} />
        </Header>
        {notesError && (
          <p class="error banner" role="alert">
            {notesError}
          </p>
        )}
        <Transcript messages={messages} notes={notes} typing={typing?.name ?? null} />
        <Composer
          conv={conv}
          onNote={(n) => setNotes((old) => byTime([...old, n]))}
          onSent={(m) => setMessages((o) => bySeq([...o, m]))}
        />
      </div>
      <ContextPanel conv={conv} temporalUrl={temporalUrl} />
    </div>
  );
}
