import {
  START_VISITOR_SESSION,
  START_WIDGET_SESSION,
  type StartVisitorSessionResult,
  type StartWidgetSessionResult,
} from './api/operations';
import { GraphQLRequestError, postGraphQL } from './api/http';

/** The host's identity token; empty or null when nobody is signed in (an anonymous visitor, where allowed). */
export type GetToken = () => string | null | Promise<string | null>;

/** Why the widget could not sign the customer in. */
export type SessionFailure = 'expired' | 'invalid' | 'unavailable';

export function failureOf(err: unknown): SessionFailure {
  if (err instanceof GraphQLRequestError && err.code === 'UNAUTHENTICATED') {
    return err.reason === 'TOKEN_EXPIRED' ? 'expired' : 'invalid';
  }
  return 'unavailable';
}

/**
 * Our session token, got by exchanging the host's identity token (from getToken()) once, and renewed the same way
 * a little before it expires. `onRenewed` lets the WebSocket reconnect with the new token.
 */
export class Session {
  token: string | null = null;
  customer: { id: string; name: string } | null = null;
  /** The visitor this customer was until signing in in this browser: their conversation is the customer's now. */
  signedInFrom: string | null = null;
  private expiresAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<void> | null = null;
  onRenewed: () => void = () => undefined;
  onFailed: (failure: SessionFailure) => void = () => undefined;

  constructor(
    private readonly graphqlUrl: string,
    private readonly getToken: GetToken,
    /** Where the signed visitor token is kept, when the deployment's widget lets visitors chat; null: it does not. */
    private readonly visitorKey: string | null = null,
  ) {}

  /** Exchanges a fresh identity token now; concurrent callers share one exchange. */
  refresh(): Promise<void> {
    this.inflight ??= this.exchange().finally(() => (this.inflight = null));
    return this.inflight;
  }

  /** The token, renewed first when it is about to expire (a tab that slept through the timer). */
  async currentToken(): Promise<string | null> {
    if (this.token && this.expiresAt - Date.now() < 5000) await this.refresh().catch(() => undefined);
    return this.token;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async exchange(): Promise<void> {
    const identityToken = await this.getToken();
    const visitor = this.visitorKey ? readKey(this.visitorKey) : null;
    let s: StartWidgetSessionResult['startWidgetSession'];
    if (typeof identityToken === 'string' && identityToken) {
      const r = await postGraphQL<StartWidgetSessionResult>(this.graphqlUrl, START_WIDGET_SESSION, {
        identityToken,
        visitorToken: visitor?.token ?? null,
      });
      s = r.startWidgetSession;
      if (visitor && this.visitorKey) {
        // Signed in: the visitor's open conversation moved to this customer; the visitor is done.
        this.signedInFrom = visitor.id;
        writeKey(this.visitorKey, null);
      }
    } else if (this.visitorKey) {
      const r = await postGraphQL<StartVisitorSessionResult>(this.graphqlUrl, START_VISITOR_SESSION, {
        visitorToken: visitor?.token ?? null,
      });
      s = r.startVisitorSession;
      writeKey(this.visitorKey, { id: s.customer.id, token: r.startVisitorSession.visitorToken });
    } else {
      throw new GraphQLRequestError('getToken() returned no token', 'UNAUTHENTICATED', 'TOKEN_INVALID');
    }
    const renewed = this.token !== null;
    this.token = s.token;
    this.customer = s.customer;
    this.expiresAt = new Date(s.expiresAt).getTime();
    this.schedule();
    if (renewed) this.onRenewed();
  }

  /** Renew at three quarters of the lifetime, at most a minute before the end; retry a failed renewal soon. */
  private schedule(retry = false): void {
    this.stop();
    const left = this.expiresAt - Date.now();
    const delay = retry ? Math.min(5000, Math.max(left / 2, 500)) : Math.max(left - Math.min(60_000, left / 4), 1000);
    this.timer = setTimeout(() => {
      this.refresh().catch((err: unknown) => {
        const failure = failureOf(err);
        if (failure !== 'unavailable' || Date.now() >= this.expiresAt) this.onFailed(failure);
        else this.schedule(true);
      });
    }, delay);
  }
}

interface VisitorKey {
  id: string;
  token: string;
}

function readKey(key: string): VisitorKey | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as VisitorKey) : null;
  } catch {
    return null;
  }
}

function writeKey(key: string, value: VisitorKey | null): void {
  try {
    if (value) localStorage.setItem(key, JSON.stringify(value));
    else localStorage.removeItem(key);
  } catch {
    // storage blocked: a visitor starts afresh on the next page
  }
}
