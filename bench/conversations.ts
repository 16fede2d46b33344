import { randomUUID } from 'node:crypto';
import type { Client as WsClient } from 'graphql-ws';
import type { Client as PgClient } from 'pg';
import { BenchConversation, CLOSE, customerFor, gql, SEND, START, tokenFor, wsClient } from './app-client';
import { questionFor, TOPICS } from './questions';
import { pool, sleep } from './report';
import type { System } from './system';

/** What every scenario shares: the system, a PostgreSQL session for checks, and one graphql-ws socket per customer. */
export class BenchContext {
  private sockets = new Map<string, WsClient>();
  private made = 0;

  constructor(
    readonly sys: System,
    readonly pg: PgClient,
    readonly quick: boolean,
  ) {}

  get port(): number {
    return this.sys.apiPort;
  }

  socketFor(role: 'customer' | 'agent', sub: string): WsClient {
    const key = `${role}:${sub}`;
    let ws = this.sockets.get(key);
    if (!ws) this.sockets.set(key, (ws = wsClient(this.port, tokenFor(role, sub))));
    return ws;
  }

  async closeSockets(): Promise<void> {
    await Promise.all([...this.sockets.values()].map((ws) => ws.dispose()));
    this.sockets.clear();
  }

  /** New conversations (not started yet), spread over all tiers and over the twelve topics. */
  newConversations(n: number): BenchConversation[] {
    return Array.from({ length: n }, () => {
      const i = this.made++;
      return new BenchConversation(customerFor(i), i % TOPICS.length);
    });
  }

  /** startConversation (the first question); resolves with the latency in ms. */
  async start(c: BenchConversation, body = questionFor(c.topicOffset, 0)): Promise<number> {
    const t0 = performance.now();
    // UNAVAILABLE means "outcome unknown: resend the same clientMessageId", as a widget does (a loaded machine).
    for (let attempt = 1; ; attempt++) {
      try {
        await gql(this.port, c.token, START, { input: { body, clientMessageId: c.firstClientMessageId } });
        return performance.now() - t0;
      } catch (err) {
        if (attempt >= 3 || !String(err).includes('UNAVAILABLE')) throw err;
      }
    }
  }

  /** sendMessage; resolves with the stored seq and the time the acknowledgement arrived. */
  async send(
    c: BenchConversation,
    body: string,
    clientMessageId = randomUUID(),
    port = this.port,
  ): Promise<{ seq: number; t0: number; t1: number; clientMessageId: string }> {
    const t0 = performance.now();
    const r = await gql<{ sendMessage: { seq: number } }>(port, c.token, SEND, {
      input: { conversationId: c.id, body, clientMessageId },
    });
    return { seq: r.sendMessage.seq, t0, t1: performance.now(), clientMessageId };
  }

  async close(c: BenchConversation): Promise<void> {
    await gql(this.port, c.token, CLOSE, { id: c.id });
  }

  /** Conversations of `ids` that have at least `atLeast` non-customer messages (AI answers, notices). */
  async answered(ids: string[], atLeast = 1): Promise<number> {
    const r = await this.pg.query(
      `SELECT count(*)::int AS n FROM (SELECT conversation_id FROM messages WHERE conversation_id = ANY($1::uuid[]) AND author_kind <> 'CUSTOMER'
         GROUP BY conversation_id HAVING count(*) >= $2) x`,
      [ids, atLeast],
    );
    return (r.rows[0] as { n: number }).n;
  }

  async waitAnswered(ids: string[], timeoutMs: number, atLeast = 1): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const n = await this.answered(ids, atLeast);
      if (n >= ids.length || Date.now() > deadline) return n;
      await sleep(200);
    }
  }

  /** Opens `n` conversations, subscribes to each one's messageAdded, and waits until each has its first answer. */
  async prestart(n: number): Promise<BenchConversation[]> {
    const convs = this.newConversations(n);
    await pool(n, Math.min(n, 25), (i) => this.start(convs[i]).then(() => undefined));
    // From the first message on: an answer (or a later reply) committed before the subscription was active is replayed.
    for (const c of convs) c.subscribe(this.socketFor('customer', c.customerId), 1);
    const ready = await this.waitAnswered(
      convs.map((c) => c.id),
      60_000,
    );
    if (ready < n) throw new Error(`only ${ready} of ${n} conversations were answered within 60 s`);
    await sleep(300); // the API registers the subscriptions (authorisation, then LISTEN fan-out)
    return convs;
  }
}
