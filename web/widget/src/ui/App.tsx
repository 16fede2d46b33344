import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import type { Chat, ChatState } from '../chat';
import type { Translate } from '../i18n';
import { ChatIcon, CloseIcon, SendIcon } from './icons';
import { MessageView } from './messages';
import { waitText } from './wait';

/**
 * The question an AI answer replies to, when another customer message came between them (messages sent while the AI
 * was answering are answered after all of them, one reply each): null when the answer follows its question.
 */
function quoteFor(messages: ChatState['messages'], i: number): string | null {
  const seq = messages[i].ai?.inReplyToSeq;
  const before = messages.slice(0, i).filter((q) => q.authorKind === 'CUSTOMER');
  if (!seq || before[before.length - 1]?.seq === seq) return null;
  return before.find((q) => q.seq === seq)?.body ?? null;
}

export interface AppProps {
  chat: Chat;
  t: Translate;
  greeting: string;
  articleUrl: (id: string) => string;
}

function queueText(s: ChatState, t: Translate): { head: string; wait: string | null } | null {
  const c = s.conversation;
  if (c?.status !== 'AWAITING_AGENT') return null;
  const q = c.queue;
  const head = q?.position ? t('queuePosition', { position: q.position }) : t('queueWaiting');
  return { head, wait: waitText(q?.estimatedWaitSeconds, t) };
}

export function App({ chat, t, greeting, articleUrl }: AppProps) {
  const [, render] = useReducer((n: number, _: number) => n + 1, 0);
  useEffect(() => chat.onChange(() => render(1)), [chat]);
  const s = chat.state;
  const [draft, setDraft] = useState('');
  const launcher = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const log = useRef<HTMLDivElement>(null);
  const wasOpen = useRef(false);

  // Focus follows the panel: into the composer when it opens, back to the launcher when it closes.
  useEffect(() => {
    if (s.open && !wasOpen.current) (input.current ?? closeButton.current)?.focus();
    if (!s.open && wasOpen.current) launcher.current?.focus();
    wasOpen.current = s.open;
  }, [s.open]);
  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [s.messages.length, s.agentTyping, s.open]);

  const submit = (e?: Event) => {
    e?.preventDefault();
    if (!draft.trim()) return;
    void chat.send(draft);
    setDraft('');
  };
  const status = s.conversation?.status;
  const lastOther = [...s.messages].reverse().find((m) => m.authorKind !== 'CUSTOMER');
  const queue = queueText(s, t);
  const assignee = status === 'AGENT_ACTIVE' ? s.conversation?.assigneeName : null;
  const failure = s.phase === 'failed' ? s.failure : null;
  const launcherLabel =
    (s.open ? t('closeChat') : t('openChat')) + (s.unread ? ` (${t('unread', { count: s.unread })})` : '');

  return (
    <div class={`root${s.open ? ' open' : ''}`}>
      <section
        id="sw-panel"
        class="panel"
        role="dialog"
        aria-labelledby="sw-title"
        hidden={!s.open}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            chat.setOpen(false);
          }
        }}
      >
        <header class="header">
          <div>
            <h2 id="sw-title">{t('title')}</h2>
            <p>{assignee ?? t('subtitle')}</p>
          </div>
          <button
            ref={closeButton}
            type="button"
            class="icon-button"
            aria-label={t('closeChat')}
            onClick={() => chat.setOpen(false)}
          >
            <CloseIcon />
          </button>
        </header>
        {failure ? (
          <div class="banner" role="alert">
            {failure === 'expired'
              ? t('errorExpired')
              : failure === 'invalid'
                ? t('errorInvalid')
                : t('errorUnavailable')}
          </div>
        ) : (
          <>
            {!s.online && <div class="offline">{t('offline')}</div>}
            {s.notice && (
              <div class="offline" role="status">
                {t(s.notice)}
              </div>
            )}
            <div ref={log} class="log" role="log" aria-label={t('messages')} tabIndex={0}>
              <div class="msg theirs">
                <p class="author">{t('system')}</p>
                <div class="bubble">{greeting}</div>
              </div>
              {s.messages.map((m, i) => (
                <MessageView
                  key={m.clientMessageId ?? m.id}
                  m={m}
                  quote={quoteFor(s.messages, i)}
                  t={t}
                  articleUrl={articleUrl}
                  onRetry={(r) => void chat.send(r.body, r)}
                />
              ))}
            </div>
            <div class="status" role="status">
              {s.agentTyping !== null && (
                <span class="typing">
                  <span class="dots" aria-hidden="true">
                    <i />
                    <i />
                    <i />
                  </span>
                  {t('agentTyping', { name: s.agentTyping || t('agent') })}
                </span>
              )}
            </div>
            {queue && (
              <div class="queue" role="status">
                <strong>{queue.head}</strong>
                {queue.wait}
              </div>
            )}
            {status === 'RESOLVED' ? (
              chat.isRated() ? (
                <p class="rating" role="status">
                  {t('rated')}
                </p>
              ) : (
                <div class="rating" role="group" aria-labelledby="sw-rate">
                  <p id="sw-rate">
                    {t('resolved')} {t('rateQuestion')}
                  </p>
                  <div class="stars">
                    {[1, 2, 3, 4, 5].map((n) => (
                      <button
                        key={n}
                        type="button"
                        aria-label={t('rateScore', { score: n })}
                        disabled={s.busy}
                        onClick={() => void chat.rate(n)}
                      >
                        {'★'}
                      </button>
                    ))}
                  </div>
                </div>
              )
            ) : (
              status === 'AI_ACTIVE' && (
                <div class="actions">
                  <button type="button" class="chip" disabled={s.busy} onClick={() => void chat.requestHuman()}>
                    {t('talkToPerson')}
                  </button>
                  {lastOther?.authorKind === 'AI' && (
                    <button type="button" class="chip" disabled={s.busy} onClick={() => void chat.confirmResolved()}>
                      {t('solved')}
                    </button>
                  )}
                </div>
              )
            )}
            {status === 'RESOLVED' && (
              <div class="actions">
                <button type="button" class="chip" onClick={() => chat.newConversation()}>
                  {t('newConversation')}
                </button>
              </div>
            )}
            <form class="composer" onSubmit={submit}>
              <label class="sr-only" for="sw-input">
                {t('inputLabel')}
              </label>
              <textarea
                ref={input}
                id="sw-input"
                rows={1}
                value={draft}
                placeholder={t('placeholder')}
                onInput={(e) => {
                  const v = (e.currentTarget as HTMLTextAreaElement).value;
                  setDraft(v);
                  chat.typed(v);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e);
                }}
              />
              <button type="submit" class="send" aria-label={t('send')}>
                <SendIcon />
              </button>
            </form>
          </>
        )}
      </section>
      <button
        ref={launcher}
        type="button"
        class="launcher"
        aria-label={launcherLabel}
        aria-expanded={s.open}
        aria-controls="sw-panel"
        onClick={() => chat.setOpen(!s.open)}
      >
        {s.open ? <CloseIcon /> : <ChatIcon />}
        {s.unread > 0 && (
          <span class="badge" aria-hidden="true">
            {s.unread > 9 ? '9+' : s.unread}
          </span>
        )}
      </button>
    </div>
  );
}
