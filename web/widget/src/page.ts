/** The host page the customer is on, as the API's PageContextInput (each field at most 2,000 characters). */
export interface PageContext {
  url: string;
  route: string;
  title: string;
}

const cut = (s: string) => s.slice(0, 2000);

/**
 * Read when a message leaves, so in a single-page app (pushState, replaceState, back and forward) each message carries
 * the page the customer is on then, not the one the widget was loaded on.
 */
export function currentPage(): PageContext {
  return { url: cut(location.href), route: cut(location.pathname), title: cut(document.title) };
}

/** The emailed reply link's token on the landing page, if any; removed from the address bar once read. */
export function takeReplyLinkToken(param = 'support_reply'): string | null {
  const url = new URL(location.href);
  const token = url.searchParams.get(param);
  if (!token) return null;
  url.searchParams.delete(param);
  history.replaceState(history.state, '', url.toString());
  return token;
}
