import type { ViewMessage } from '../chat';
import type { Translate } from '../i18n';

interface Props {
  m: ViewMessage;
  /** The question this answer replies to, shown when other messages came between them. */
  quote?: string | null;
  t: Translate;
  articleUrl: (id: string) => string;
  onRetry: (m: ViewMessage) => void;
}

/** One message: the customer's on the right; AI, agent and system notices on the left, each saying who wrote it. */
export function MessageView({ m, t, articleUrl, onRetry, quote }: Props) {
  if (m.authorKind === 'SYSTEM') {
    return (
      <p class="note">
        <span class="sr-only">{t('system')}: </span>
        {m.body}
      </p>
    );
  }
  if (m.authorKind === 'CUSTOMER') {
    return (
      <div class={`msg mine${m.pending ? ' pending' : ''}`} data-seq={m.pending ? undefined : m.seq}>
        <span class="sr-only">{t('you')}: </span>
        <div class="bubble">{m.body}</div>
        {m.failed && (
          <div class="failed" role="alert">
            {t('sendFailed')}
            <button type="button" onClick={() => onRetry(m)}>
              {t('retry')}
            </button>
          </div>
        )}
      </div>
    );
  }
  const author = m.authorKind === 'AI' ? t('assistant') : (m.authorName ?? t('agent'));
  const sources = m.ai?.sources ?? [];
  return (
    <div class="msg theirs" data-seq={m.seq} data-author={m.authorKind}>
      <p class="author">{author}</p>
      {quote && (
        <p class="re">
          <span class="sr-only">{t('inReplyTo')}: </span>
          {quote}
        </p>
      )}
      <div class="bubble">{m.body}</div>
      {sources.length > 0 && (
        <div class="sources">
          {t('sources')}:
          <ul>
            {sources.map((s) => (
              <li key={s.id}>
                <a href={articleUrl(s.id)} target="_blank" rel="noopener noreferrer">
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
