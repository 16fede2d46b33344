import { h, render } from 'preact';
import { Chat } from './chat';
import { pickLocale, translator } from './i18n';
import type { GetToken } from './session';
import { App } from './ui/App';
import { paletteFor } from './ui/colors';
import { css } from './ui/styles';

export interface WidgetOptions {
  /** The support API's origin; defaults to where widget.js was loaded from. */
  apiUrl?: string;
  /** Returns an identity token from the host app's backend; called at start and whenever the session is renewed. */
  getToken?: GetToken;
  /** Instead of getToken: a URL on the host app that answers the identity token (text, or JSON `{ "token": … }`). */
  tokenUrl?: string;
  brandColor?: string;
  greeting?: string;
  /** en, fr, de, es or ja; defaults to the browser's languages. */
  locale?: string;
  /** Lets people who are not signed in chat as anonymous visitors (the deployment must allow them too). */
  allowVisitors?: boolean;
  /** Where source links point, with `{id}` for the article id; defaults to the API's /help/articles/{id}. */
  articleUrl?: string;
}

// Read while the script runs: afterwards document.currentScript is gone.
const script = document.currentScript as HTMLScriptElement | null;

function fromScriptTag(): WidgetOptions {
  const d = script?.dataset ?? {};
  let apiUrl: string | undefined = d.apiUrl;
  if (!apiUrl && script?.src) apiUrl = new URL(script.src, location.href).origin;
  return {
    apiUrl,
    tokenUrl: d.tokenUrl,
    brandColor: d.brandColor,
    greeting: d.greeting,
    locale: d.locale,
    articleUrl: d.articleUrl,
    allowVisitors: d.allowVisitors === undefined ? undefined : d.allowVisitors !== 'false',
  };
}

function tokenFromUrl(url: string): GetToken {
  return async () => {
    const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json, text/plain' } });
    if (res.status === 204 || res.status === 401) return null; // nobody signed in: a visitor, where allowed
    if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
    const text = (await res.text()).trim();
    return text.startsWith('{') ? String((JSON.parse(text) as { token?: unknown }).token ?? '') : text;
  };
}

let current: { chat: Chat; host: HTMLElement } | null = null;

/** Starts the widget (again): `window.SupportWidget.init({ apiUrl, getToken, brandColor, greeting, locale })`. */
export function init(options: WidgetOptions = {}): void {
  destroy();
  const o = { ...fromScriptTag(), ...stripUndefined(options) };
  const getToken = o.getToken ?? (o.tokenUrl ? tokenFromUrl(o.tokenUrl) : o.allowVisitors ? () => null : null);
  if (!o.apiUrl || !getToken) {
    console.error('SupportWidget: apiUrl and getToken (or data-token-url, or allowVisitors) are required');
    return;
  }
  const apiUrl = o.apiUrl.replace(/\/+$/, '');
  const locale = pickLocale(o.locale ? [o.locale] : [...(navigator.languages ?? []), navigator.language]);
  const t = translator(locale);
  const articleUrl = (id: string) =>
    o.articleUrl
      ? o.articleUrl.replace('{id}', encodeURIComponent(id))
      : `${apiUrl}/help/articles/${encodeURIComponent(id)}`;

  const host = document.createElement('support-widget');
  host.setAttribute('lang', locale);
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css(paletteFor(o.brandColor));
  root.appendChild(style);
  const mount = document.createElement('div');
  root.appendChild(mount);
  document.body.appendChild(host);

  const chat = new Chat(apiUrl, getToken, o.allowVisitors === true);
  current = { chat, host };
  render(h(App, { chat, t, greeting: o.greeting || t('greetingDefault'), articleUrl }), mount);
  void chat.start();
}

export function open(): void {
  current?.chat.setOpen(true);
}

export function close(): void {
  current?.chat.setOpen(false);
}

export function destroy(): void {
  if (!current) return;
  current.chat.destroy();
  current.host.remove();
  current = null;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// `<script src=".../widget.js" data-token-url="/support/token">` starts by itself; otherwise the host calls init().
if (script?.dataset.tokenUrl || script?.dataset.allowVisitors !== undefined) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => init());
  else init();
}
