/**
 * The agent's session: a short-lived access token kept in memory only, renewed through the httpOnly refresh cookie
 * (`POST /auth/refresh`, Path=/auth, SameSite=Strict) before it expires. Nothing is written to storage: a reload
 * restores the session from the cookie.
 */

export interface SessionAgent {
  id: string;
  name: string;
  email: string;
  tier: string;
}

export interface Session {
  accessToken: string;
  expiresAt: string;
  agent: SessionAgent;
}

/** The header the API asks of cookie-authenticated calls (a cross-site form cannot set it). */
const CSRF = { 'x-requested-with': 'console' };

export class AuthError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function postJson<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...CSRF, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new AuthError(`${path}: HTTP ${res.status}`, res.status);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** How agents may sign in here: single sign-on (the IdP's name) and, outside production, the development list. */
export interface SignInMethods {
  devSignIn: boolean;
  oidc: { name: string; startUrl: string } | null;
}

export async function signInMethods(): Promise<SignInMethods> {
  const res = await fetch('/auth/methods', { credentials: 'same-origin' });
  if (!res.ok) throw new AuthError(`/auth/methods: HTTP ${res.status}`, res.status);
  return (await res.json()) as SignInMethods;
}

/** The seeded agents development sign-in offers; null when the API has it turned off (production). */
export async function devAgents(): Promise<SessionAgent[] | null> {
  const res = await fetch('/auth/dev/agents', { credentials: 'same-origin' });
  if (res.status === 404) return null;
  if (!res.ok) throw new AuthError(`/auth/dev/agents: HTTP ${res.status}`, res.status);
  return (await res.json()) as SessionAgent[];
}

type Listener = (s: Session | null) => void;

export class SessionManager {
  private session: Session | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: Promise<Session | null> | null = null;
  private signingOut = false;
  private readonly listeners = new Set<Listener>();

  /** Why the last session ended without the agent signing out, for the sign-in page to say. */
  ended: string | null = null;

  get current(): Session | null {
    return this.session;
  }

  onChange(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** On load: a refresh cookie from an earlier visit signs the agent straight in. */
  async restore(): Promise<Session | null> {
    return this.refresh();
  }

  async signInAsDev(agentId: string): Promise<Session> {
    const s = await postJson<Session>('/auth/dev/sign-in', { agentId });
    this.ended = null;
    this.set(s);
    return s;
  }

  /**
   * A renewal in flight finishes first and none starts after: a renewal answered after the sign-out would store a
   * fresh refresh cookie (and sign the tab back in). The sign-out takes the renewals' lock, so it also waits for
   * another tab's renewal and sends the newest cookie, which the API then clears.
   */
  async signOut(): Promise<void> {
    this.signingOut = true;
    clearTimeout(this.timer);
    try {
      await this.inflight;
      await this.underRenewalLock(() => postJson<void>('/auth/sign-out'));
    } finally {
      this.signingOut = false;
      this.set(null);
    }
  }

  /** A token that is good for a while yet: renews first when it is about to expire. */
  async token(): Promise<string | null> {
    const s = this.session;
    if (s && Date.parse(s.expiresAt) - Date.now() > 15_000) return s.accessToken;
    return (await this.refresh())?.accessToken ?? null;
  }

  /**
   * One renewal at a time, across tabs too: the API rotates the cookie on every refresh and treats a rotated one shown
   * again as a replay that ends the session, so two tabs must never present the same cookie at once (a Web Lock
   * queues them; the second then sends the cookie the first received). A refused cookie (expired, revoked, agent
   * disabled) ends the session.
   */
  refresh(): Promise<Session | null> {
    if (this.signingOut) return Promise.resolve(null);
    this.inflight ??= this.renew()
      .then((s) => {
        this.set(s);
        return s;
      })
      .catch((err: unknown) => {
        if (err instanceof AuthError && (err.status === 401 || err.status === 403)) {
          if (this.session) this.ended = 'Your session has ended (signed out elsewhere, or it expired). Sign in again.';
          this.set(null);
          return null;
        }
        this.schedule(10_000); // the API is unreachable: try again soon, keep the token we have until it expires
        return this.session;
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }

  private renew(): Promise<Session> {
    return this.underRenewalLock(() => postJson<Session>('/auth/refresh'));
  }

  /** What touches the refresh cookie runs one at a time across this browser's tabs. */
  private async underRenewalLock<T>(call: () => Promise<T>): Promise<T> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined; // secure contexts only
    return locks ? await locks.request('support-console-refresh', call) : call();
  }

  private set(s: Session | null): void {
    this.session = s;
    if (s) {
      const left = Date.parse(s.expiresAt) - Date.now();
      // Renew at three quarters of the lifetime (2.5 minutes early for the default 10).
      this.schedule(Math.max(2_000, left * 0.75));
    } else clearTimeout(this.timer);
    for (const l of this.listeners) l(s);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), ms);
  }
}
