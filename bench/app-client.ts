import { randomUUID } from 'node:crypto';
import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { signToken, type Role } from '../src/auth/jwt';
import { conversationIdFor } from '../src/services/ids';
import { JWT_SECRET } from './system';

export const START = `mutation Start($input: StartConversationInput!) { startConversation(input: $input) { id status } }`;
export const SEND = `mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id seq } }`;
export const MESSAGE_ADDED = `subscription OnMessage($id: ID!, $after: Int) { messageAdded(conversationId: $id, afterSeq: $after) { id seq authorKind } }`;
export const QUEUE_CHANGED = `subscription { agentQueueChanged { change conversation { id status escalation { at reason } } } }`;
export const CLOSE = `mutation Close($id: ID!) { closeConversation(conversationId: $id) { id status } }`;
export const CLAIM = `mutation Claim($id: ID!) { claimConversation(conversationId: $id) { id status assignee { id } } }`;

/** A customer spread over the seeded tiers: FREE cus-01…08, PRO cus-09…16, ENTERPRISE cus-17…24. */
export const customerFor = (i: number) => `cus-${String((i % 24) + 1).padStart(2, '0')}`;

const tokens = new Map<string, string>();
export function tokenFor(role: Role, sub: string): string {
  const key = `${role}:${sub}`;
  let t = tokens.get(key);
  if (!t) tokens.set(key, (t = signToken(JWT_SECRET, { sub, role })));
  return t;
}

interface GqlError {
  message: string;
  extensions?: { code?: string };
}

/** A GraphQL error answer; `code` is its extensions.code (UNAVAILABLE: outcome unknown, resend the same request). */
export class GqlFailure extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** GraphQL over HTTP, as a widget would send it; a response with errors throws. */
export async function gql<T>(
  port: number,
  token: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: GqlError[] };
  if (body.errors?.length)
    throw new GqlFailure(
      `${body.errors[0].extensions?.code ?? res.status}: ${body.errors[0].message}`,
      body.errors[0].extensions?.code,
    );
  return body.data as T;
}

export function wsClient(port: number, token: string): WsClient {
  return createClient({
    url: `ws://127.0.0.1:${port}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
  });
}

export interface Arrival {
  id: string;
  seq: number;
  authorKind: string;
  at: number;
}

/**
 * A bench conversation: its id is derived up front (as the API derives it from customer and first clientMessageId).
 * Its `messageAdded` subscription can open only once it exists (before, the API answers NOT_FOUND), so the first
 * answer is awaited in PostgreSQL and later ones on the subscription.
 */
export class BenchConversation {
  readonly id: string;
  readonly firstClientMessageId = randomUUID();
  readonly arrivals: Arrival[] = [];
  readonly errors: unknown[] = [];
  private waiters: Array<() => void> = [];
  private dispose?: () => void;

  constructor(
    readonly customerId: string,
    readonly topicOffset: number,
  ) {
    this.id = conversationIdFor(customerId, this.firstClientMessageId);
  }

  get token(): string {
    return tokenFor('customer', this.customerId);
  }

  /**
   * `afterSeq`: what this client already holds; the server first gives what was stored after it, so a reply committed
   * before the subscription was active is not missed (as the widget does).
   */
  subscribe(ws: WsClient, afterSeq?: number): void {
    this.dispose = ws.subscribe<{ messageAdded: { id: string; seq: number; authorKind: string } }>(
      { query: MESSAGE_ADDED, variables: { id: this.id, ...(afterSeq !== undefined && { after: afterSeq }) } },
      {
        next: (v) => {
          const m = v.data?.messageAdded;
          if (!m) return;
          this.arrivals.push({ id: m.id, seq: m.seq, authorKind: m.authorKind, at: performance.now() });
          const w = this.waiters;
          this.waiters = [];
          for (const f of w) f();
        },
        error: (err) => this.errors.push(err),
        complete: () => undefined,
      },
    );
  }

  unsubscribe(): void {
    this.dispose?.();
  }

  /** When the first AI (or SYSTEM) message after `afterSeq` arrived, in performance.now() time. */
  async replyAfter(afterSeq: number, timeoutMs = 30_000): Promise<Arrival> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.arrivals.find((a) => a.seq > afterSeq && a.authorKind !== 'CUSTOMER');
      if (found) return found;
      const left = deadline - performance.now();
      if (left <= 0) {
        const why = this.errors.length ? `; subscription error: ${JSON.stringify(this.errors[0])}` : '';
        throw new Error(`no reply after seq ${afterSeq} in ${timeoutMs} ms (conversation ${this.id})${why}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}
