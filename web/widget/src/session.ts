import { START_WIDGET_SESSION, type StartWidgetSessionResult } from './api/operations';
import { GraphQLRequestError, postGraphQL } from './api/http';

export type GetToken = () => string | Promise<string>;

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
  private expiresAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<void> | null = null;
  onRenewed: () => void = () => undefined;
  onFailed: (failure: SessionFailure) => void = () => undefined;

  constructor(
    private readonly graphqlUrl: string,
    private readonly getToken: GetToken,
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
    if (typeof identityToken !== 'string' || !identityToken) {
      throw new GraphQLRequestError('getToken() returned no token', 'UNAUTHENTICATED', 'TOKEN_INVALID');
    }
    const r = await postGraphQL<StartWidgetSessionResult>(this.graphqlUrl, START_WIDGET_SESSION, { identityToken });
    const renewed = this.token !== null;
    this.token = r.startWidgetSession.token;
    this.customer = r.startWidgetSession.customer;
    this.expiresAt = new Date(r.startWidgetSession.expiresAt).getTime();
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
