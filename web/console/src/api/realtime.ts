import { createClient, type Client } from 'graphql-ws/client';
import type { TypedDocumentString } from '../gql/graphql';
import type { SessionManager } from './session';
import { backoffRetryWait } from '../../../shared/reconnect';

type Listener = () => void;

/**
 * graphql-ws on the API's origin with the session's current access token. When the session renews its token the
 * socket is closed and opened again at once with the new one (the server would close it at the old token's expiry);
 * graphql-ws re-subscribes by itself, and `onReconnected` listeners back-fill what the gap may have lost.
 */
export class Realtime {
  private readonly client: Client;
  private reconnectNow = false;
  private lastToken: string | null = null;
  /** Subscriptions open now: a lazy socket with none closes by design, which is not "offline". */
  private active = 0;
  private readonly reconnected = new Set<Listener>();
  private readonly status = new Set<(online: boolean) => void>();

  private takeReconnectNow(): boolean {
    const now = this.reconnectNow;
    this.reconnectNow = false;
    return now;
  }

  constructor(private readonly session: SessionManager) {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    this.client = createClient({
      url,
      lazy: true,
      lazyCloseTimeout: 1000,
      keepAlive: 20_000,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: backoffRetryWait(500, 15_000, () => this.takeReconnectNow()),
      connectionParams: async () => {
        const t = await session.token();
        this.lastToken = t;
        return t ? { authorization: `Bearer ${t}` } : {};
      },
      on: {
        connected: (_socket, _payload, wasRetry) => {
          for (const l of this.status) l(true);
          if (wasRetry) for (const l of this.reconnected) l();
        },
        closed: () => {
          if (!this.reconnectNow && this.active > 0) for (const l of this.status) l(false);
        },
      },
    });
    session.onChange((s) => {
      if (s && this.lastToken && s.accessToken !== this.lastToken) this.reconnect();
    });
  }

  subscribe<R, V>(doc: TypedDocumentString<R, V>, variables: V, next: (data: R) => void): () => void {
    let open = true;
    const done = () => {
      if (open) this.active--;
      open = false;
    };
    this.active++;
    const stop = this.client.subscribe<R>(
      { query: doc.toString(), variables: variables as Record<string, unknown> },
      { next: (r) => r.data && next(r.data as R), error: done, complete: done },
    );
    return () => {
      done();
      stop();
    };
  }

  onReconnected(l: Listener): () => void {
    this.reconnected.add(l);
    return () => this.reconnected.delete(l);
  }

  onStatus(l: (online: boolean) => void): () => void {
    this.status.add(l);
    return () => this.status.delete(l);
  }

  reconnect(): void {
    this.reconnectNow = true;
    this.client.terminate();
  }

  dispose(): void {
    void this.client.dispose();
  }
}
