import { createClient, type Client } from 'graphql-ws/client';
import { backoffRetryWait } from '../../shared/reconnect';

export interface RealtimeEvents {
  /** Connected again after a drop or a token renewal: time to back-fill. */
  reconnected(): void;
  online(up: boolean): void;
}

/**
 * graphql-ws to the API with the current session token. Subscriptions survive reconnects (graphql-ws re-subscribes);
 * a renewed token is applied by reconnecting at once, and the caller back-fills what the gap may have lost.
 */
export class Realtime {
  private readonly client: Client;
  private reconnectNow = false;
  private active = 0;

  private takeReconnectNow(): boolean {
    const now = this.reconnectNow;
    this.reconnectNow = false;
    return now;
  }

  constructor(url: string, token: () => Promise<string | null>, events: RealtimeEvents) {
    this.client = createClient({
      url,
      lazy: true,
      lazyCloseTimeout: 3000,
      keepAlive: 20_000,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: backoffRetryWait(1000, 30_000, () => this.takeReconnectNow()),
      connectionParams: async () => {
        const t = await token();
        return t ? { authorization: `Bearer ${t}` } : {};
      },
      on: {
        connected: (_socket, _payload, wasRetry) => {
          events.online(true);
          if (wasRetry) events.reconnected();
        },
        closed: () => {
          if (this.active > 0 && !this.reconnectNow) events.online(false); // a renewal's reconnect is no outage
        },
      },
    });
  }

  subscribe<T>(query: string, variables: Record<string, unknown>, next: (data: T) => void): () => void {
    this.active++;
    let done = false;
    const dispose = this.client.subscribe<T>(
      { query, variables },
      {
        next: (r) => {
          if (r.data) next(r.data as T);
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
    return () => {
      if (done) return;
      done = true;
      this.active--;
      dispose();
    };
  }

  /** Reconnect now (with the renewed token); open subscriptions come back by themselves. */
  reconnect(): void {
    if (this.active === 0) return;
    this.reconnectNow = true;
    this.client.terminate();
  }

  dispose(): void {
    void this.client.dispose();
  }
}
