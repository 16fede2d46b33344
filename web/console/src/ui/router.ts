import { useEffect, useState } from 'preact/hooks';

/**
 * The console lives under /console: /console/?view=mine&q=refund and /console/conversations/<id>?view=… (the inbox),
 * /console/approvals, /console/knowledge[/suggestions/<id> | /articles/<id> | /articles], /console/policy,
 * /console/numbers and /console/team.
 */
export const BASE = '/console';

export const SCREENS = ['inbox', 'approvals', 'knowledge', 'policy', 'numbers', 'team'] as const;
export type Screen = (typeof SCREENS)[number];

export interface Route {
  view: string;
  search: string;
  conversationId: string | null;
  /** Absent: the inbox. */
  screen?: Screen;
  /** The rest of the path on another screen: `suggestions/<id>`, `articles/<id>`. */
  item?: string | null;
}

export function parseRoute(loc: Location = location): Route {
  const m = /\/conversations\/([^/?#]+)/.exec(loc.pathname);
  const p = new URLSearchParams(loc.search);
  const s = /^\/console\/([a-z]+)(?:\/(.+?))?\/?$/.exec(loc.pathname);
  const screen = s && (SCREENS as readonly string[]).includes(s[1]) ? (s[1] as Screen) : 'inbox';
  return {
    view: p.get('view') ?? 'queue',
    search: p.get('q') ?? '',
    conversationId: m ? decodeURIComponent(m[1]) : null,
    screen,
    item: screen !== 'inbox' && s?.[2] ? decodeURIComponent(s[2]) : null,
  };
}

export function href(r: Route): string {
  if (r.screen && r.screen !== 'inbox') return `${BASE}/${r.screen}${r.item ? `/${r.item}` : ''}`;
  const p = new URLSearchParams();
  if (r.view !== 'queue') p.set('view', r.view);
  if (r.search) p.set('q', r.search);
  const qs = p.toString();
  return `${BASE}/${r.conversationId ? `conversations/${encodeURIComponent(r.conversationId)}` : ''}${qs ? `?${qs}` : ''}`;
}

export function navigate(r: Route, replace = false): void {
  const url = href(r);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** Another screen (and its item): the inbox's view and search are kept for coming back. */
export const go = (screen: Screen, item: string | null = null) =>
  navigate({ ...parseRoute(), screen, item, conversationId: null });

/** A conversation, opened in the inbox. */
export const openConversation = (id: string) =>
  navigate({ ...parseRoute(), screen: 'inbox', item: null, conversationId: id });

export function useRoute(): Route {
  const [route, setRoute] = useState(parseRoute());
  useEffect(() => {
    const on = () => setRoute(parseRoute());
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  return route;
}
