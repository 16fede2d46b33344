import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy a test controls, in front of PostgreSQL or Temporal: `cut()` drops every open connection and refuses
 * new ones (the peer looks down), `restore()` lets connections through again, `latencyMs` delays every chunk each
 * way (a slow network or an overloaded peer; order is kept).
 */
export interface TcpProxy {
  port: number;
  latencyMs: number;
  cut(): void;
  restore(): void;
  stop(): Promise<void>;
}

/** Copies `from` to `to`, each chunk `delay()` ms late; never reordered, even when the delay shrinks meanwhile. */
function relay(from: net.Socket, to: net.Socket, delay: () => number): void {
  let lastDue = 0;
  from.on('data', (chunk) => {
    const due = Math.max(Date.now() + delay(), lastDue);
    lastDue = due;
    const wait = due - Date.now();
    if (wait <= 0) to.write(chunk);
    else setTimeout(() => !to.destroyed && to.write(chunk), wait);
  });
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let down = false;
  const state = { latencyMs: 0 };
  const server = net.createServer((client) => {
    if (down) return client.destroy();
    const upstream = net.connect(target.port, target.host);
    open.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    relay(client, upstream, () => state.latencyMs);
    relay(upstream, client, () => state.latencyMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(ms: number) {
      state.latencyMs = ms;
    },
    cut() {
      down = true;
      for (const s of open) s.destroy();
      open.clear();
    },
    restore() {
      down = false;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The same URL with its host and port replaced by the proxy's. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}
