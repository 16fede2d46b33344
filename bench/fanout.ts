import type { Client as WsClient } from 'graphql-ws';
import { MESSAGE_ADDED, wsClient } from './app-client';
import type { CommitClock } from './commit-clock';
import type { BenchContext } from './conversations';
import { questionFor } from './questions';
import { cpuNow } from './scenarios';
import { cpuPercentBetween, inParallel, percentiles, progress, sleep, type Percentiles } from './report';

export interface FanoutResult {
  sockets: number;
  apiReplicas: number;
  /** Sockets that were open and subscribed when the load began. */
  connected: number;
  /** A message's commit (its pg_notify, as a LISTEN of ours hears it) → its arrival on a subscriber's socket. */
  commitToClientMs: Percentiles;
  deliveries: number;
  /** The load the fan-out ran under: messages acknowledged per second, sent through both replicas. */
  messagesPerSecond: number;
  seconds: number;
  /** Share of one core each process used while the load ran (200 = both cores; PostgreSQL not counted). */
  cpuPercent: Record<string, number>;
}

/**
 * `sockets` graphql-ws connections, alternating between the two API replicas, each subscribed to messageAdded of one
 * of `n` conversations (a customer with the widget open in several tabs and devices), while those conversations send
 * as fast as they are acknowledged for `durationMs`.
 */
export async function fanout(
  ctx: BenchContext,
  clock: CommitClock,
  sockets: number,
  n: number,
  durationMs: number,
): Promise<FanoutResult> {
  const convs = await ctx.prestart(n);
  const ports = [ctx.sys.apiPort, ctx.sys.api2.port!];
  const arrivals: Array<{ id: string; at: number }> = [];
  let measuring = false;
  let connected = 0;
  const clients: WsClient[] = [];
  for (let s = 0; s < sockets; s++) {
    const conv = convs[s % n];
    const ws = wsClient(ports[s % ports.length], conv.token);
    ws.on('connected', () => connected++);
    clients.push(ws);
    ws.subscribe<{ messageAdded: { id: string } }>(
      { query: MESSAGE_ADDED, variables: { id: conv.id } },
      {
        next: (v) => {
          if (measuring && v.data?.messageAdded) arrivals.push({ id: v.data.messageAdded.id, at: performance.now() });
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
  }
  const openBy = Date.now() + 30_000;
  while (connected < sockets && Date.now() < openBy) await sleep(100);
  await sleep(1500); // each replica authorises the subscriptions and starts fanning out
  progress(`  fan-out: ${connected}/${sockets} sockets open over ${ports.length} replicas`);
  measuring = true;
  let acknowledged = 0;
  const cpu0 = cpuNow(ctx);
  const t0 = performance.now();
  const end = t0 + durationMs;
  await inParallel(n, async (k) => {
    for (let i = 1; performance.now() < end; i++) {
      await ctx
        .send(convs[k], questionFor(convs[k].topicOffset, i), undefined, ports[k % ports.length])
        .then(() => acknowledged++)
        .catch(() => undefined);
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpuPercent = cpuPercentBetween(cpu0, cpuNow(ctx), seconds);
  await sleep(1000); // the last answers arrive
  measuring = false;
  await Promise.all(clients.map((c) => c.dispose()));
  const samples: number[] = [];
  for (const a of arrivals) {
    const committed = clock.committedAt(a.id);
    if (committed !== undefined) samples.push(a.at - committed);
  }
  await inParallel(Math.min(10, n), async (k) => {
    for (let i = k; i < convs.length; i += 10) await ctx.close(convs[i]).catch(() => undefined);
  });
  for (const c of convs) c.unsubscribe();
  return {
    sockets,
    apiReplicas: ports.length,
    connected,
    commitToClientMs: percentiles(samples),
    deliveries: samples.length,
    messagesPerSecond: Math.round((acknowledged / seconds) * 10) / 10,
    seconds: Math.round(seconds * 10) / 10,
    cpuPercent,
  };
}
