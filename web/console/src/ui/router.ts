import { useEffect, useState } from 'preact/hooks';

/** The console lives under /console: /console/?view=mine&q=refund and /console/conversations/<id>?view=…. */
export const BASE = '/console';

export interface Route {
  view: string;
  search: string;
  conversationId: string | null;
}

export function parseRoute(loc: Location = location): Route {
  const m = /\/conversations\/([^/?#]+)/.exec(loc.pathname);
  const p = new URLSearchParams(loc.search);
  return {
    view: p.get('view') ?? 'queue',
    search: p.get('q') ?? '',
    conversationId: m ? decodeURIComponent(m[1]) : null,
  };
}

export function href(r: Route): string {
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

export function useRoute(): Route {
  const [route, setRoute] = useState(parseRoute());
  useEffect(() => {
    const on = () => setRoute(parseRoute());
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  return route;
}
