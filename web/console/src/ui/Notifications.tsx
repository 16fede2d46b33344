import { useEffect, useRef, useState } from 'preact/hooks';
import { api, realtime } from '../app';
import { MarkReadMutation, NotificationAddedSubscription, NotificationsQuery } from '../api/operations/notifications';
import type { ConsoleNotificationFragment } from '../gql/graphql';
import { NOTIFICATION_LABEL, ago } from './format';
import { useNow, useSubscription } from './hooks';

/** The bell: the agent's notifications (queued, ladder steps, assigned to you), live, with an unread count. */
export function Notifications({ onOpen }: { onOpen(conversationId: string): void }) {
  const [items, setItems] = useState<ConsoleNotificationFragment[]>([]);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const now = useNow(30_000);

  const load = () =>
    api.request(NotificationsQuery, {}).then(
      (r) => {
        setItems(r.notifications.edges.map((e) => e.node));
        setUnread(r.notifications.unreadCount);
      },
      () => undefined,
    );
  useEffect(() => {
    void load();
    return realtime.onReconnected(() => void load());
  }, []);
  useSubscription(
    NotificationAddedSubscription,
    {},
    (d) => {
      setItems((old) => [d.notificationAdded, ...old.filter((n) => n.id !== d.notificationAdded.id)].slice(0, 50));
      if (!d.notificationAdded.readAt) setUnread((u) => u + 1);
    },
    'notifications',
  );
  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>('button, a')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [open]);

  const mark = async (ids: string[] | null) => {
    try {
      const left = await api.request(MarkReadMutation, ids ? { ids } : { all: true });
      const at = new Date().toISOString();
      setItems((old) => old.map((n) => (ids === null || ids.includes(n.id) ? { ...n, readAt: n.readAt ?? at } : n)));
      setUnread(left.markNotificationsRead);
    } catch {
      // the count stays as it was; the next load corrects it
    }
  };

  return (
    <div class="notifications">
      <button
        ref={button}
        type="button"
        class="bell"
        aria-expanded={open}
        aria-controls="notification-panel"
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
        onClick={() => setOpen(!open)}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
          />
        </svg>
        {unread > 0 && (
          <span class="unread" data-testid="unread-count">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div id="notification-panel" class="notification-panel" ref={panel} role="region" aria-label="Notifications">
          <div class="np-head">
            <h2>Notifications</h2>
            <button type="button" class="link" disabled={unread === 0} onClick={() => void mark(null)}>
              Mark all read
            </button>
          </div>
          {items.length === 0 && <p class="muted small">Nothing yet.</p>}
          <ul>
            {items.map((n) => (
              <li key={n.id} class={n.readAt ? 'read' : 'unread-item'}>
                <button
                  type="button"
                  onClick={() => {
                    if (!n.readAt) void mark([n.id]);
                    if (n.conversationId) {
                      onOpen(n.conversationId);
                      setOpen(false);
                    }
                  }}
                >
                  <span class="np-kind">{NOTIFICATION_LABEL[n.kind]}</span>
                  <span class="np-msg">{n.message}</span>
                  <span class="muted small">{ago(n.createdAt, now)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
