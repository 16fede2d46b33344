import http from 'node:http';
import { spawn } from 'node:child_process';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import WebSocket from 'ws';
import { signToken } from '../src/auth/jwt';
import { encodeEvent, EVENTS_CHANNEL } from '../src/events/channel';
import { signStripePayload } from '../src/integrations/billing/stripe-webhook';
import { testEnv } from './support/env';
import { parseExposition, valueOf } from './support/prom-text';
import { startStripeMock, type StripeMock } from './support/stripe-mock';
import {
  cid,
  customerTurn,
  errorCode,
  gql,
  type GqlResult,
  peersEnv,
  pg,
  SEND,
  START,
  startProcess,
  startStack,
  subscribe,
  temporalClient,
  TEST_METRICS_TOKEN,
  token,
  waitFor,
  wsClient,
} from './support/stack';

/**
 * The API as an attacker meets it, on both transports: query bombs, oversized messages, floods, expired and
 * malformed tokens, sockets that stop reading. One stack with the production defaults of the limits (rate limits not
 * raised), introspection off, and a short WebSocket keepalive and operation cap so the socket tests run in seconds.
 */
type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
const LIMITS_ENV = {
  RATE_LIMIT_MESSAGES: '5/15+5/60',
  RATE_LIMIT_CONVERSATIONS: '5/30+5/60',
  RATE_LIMIT_STAFF: '20/10+40/60',
  RATE_LIMIT_TYPING: '10/10+10/60',
  GRAPHQL_INTROSPECTION: 'false',
  WS_MAX_OPERATIONS: '3',
  WS_KEEPALIVE_MS: '1000',
  STRIPE_WEBHOOK_SECRET: 'whsec_abuse_0123456789abcdef',
};
let stripeMock: StripeMock;

beforeAll(async () => {
  // The webhook route verifies signatures only with Stripe configured; stripe-mock stands in for its API.
  stripeMock = await startStripeMock();
  stack = await startStack('abuse', { ...LIMITS_ENV, STRIPE_API_KEY: 'sk_test_123', STRIPE_API_BASE: stripeMock.url });
}, 600_000);
afterAll(async () => {
  await stack?.stop();
  await stripeMock?.stop();
});

const url = () => `ws://127.0.0.1:${stack.port}/graphql`;

/** One operation over graphql-ws: its first result or its errors. */
async function overWs(auth: string, query: string, variables: Record<string, unknown> = {}) {
  const ws = wsClient(stack.port, auth);
  const sub = subscribe(ws, query, variables);
  try {
    await waitFor(() => sub.events.length > 0 || sub.errors.length > 0, 15_000);
    return { events: sub.events, errors: flat(sub.errors) };
  } finally {
    sub.dispose();
    await ws.dispose();
  }
}

type WsError = { message: string; extensions?: { code?: string } };
/** graphql-ws hands a sink the errors of one operation as an array. */
const flat = (errors: unknown[]): WsError[] => errors.flat() as WsError[];

/** A raw graphql-transport-ws socket, acknowledged (or closed) after connection_init with this payload. */
function rawSocket(payload: Record<string, unknown>) {
  const socket = new WebSocket(url(), 'graphql-transport-ws');
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const acked = new Promise<boolean>((resolve) => {
    socket.on('message', (d) => JSON.parse(String(d)).type === 'connection_ack' && resolve(true));
    void closed.then(() => resolve(false));
  });
  socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
  return { socket, closed, acked };
}

async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('query bombs are refused before any resolver runs, on HTTP and on WebSocket alike', () => {
  const customer = token('customer', 'cus-21');
  const conversation = `conversation(id: "00000000-0000-4000-8000-000000000000") { messages(first: 100) { edges { node { id body } } } }`;
  const bombs: Array<[string, string, string]> = [
    [
      'alias bomb (20 aliases)',
      `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: ${conversation}`).join(' ')} }`,
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      "the issue's alias bomb (3,000 aliases, 180 KB)",
      `query($i:ID!){${Array.from({ length: 3000 }, (_, i) => `a${i}:conversation(id:$i){messages(first:100){edges{node{id}}}}`).join('')}}`,
      'GRAPHQL_PARSE_FAILED',
    ],
    [
      'depth bomb (12 levels)',
      `{ backtest(id: "x") { report { changes { edges { node { conversation { messages { edges { node {
        ai { sources { id } } } } } } } } } } } }`,
      'GRAPHQL_VALIDATION_FAILED',
    ],
    ['token bomb (1,200 tokens)', `{ me { ${'id '.repeat(1200)} } }`, 'GRAPHQL_PARSE_FAILED'],
    [
      'cost bomb (100 conversations x 100 messages)',
      '{ conversations(first: 100) { edges { node { messages(first: 100) { edges { node { id body } } } } } } }',
      'GRAPHQL_VALIDATION_FAILED',
    ],
    ['introspection (off in this stack)', '{ __schema { queryType { name } } }', 'GRAPHQL_VALIDATION_FAILED'],
  ];

  it.each(bombs)('%s', async (_name, query, code) => {
    const http = await gql(stack.port, customer, query);
    expect(http.status).toBe(400);
    expect(errorCode(http)).toBe(code);
    expect(http.data).toBeUndefined();
    const ws = await overWs(customer, query);
    expect(ws.events).toEqual([]);
    expect(ws.errors[0]?.extensions?.code).toBe(code);
  });

  it('lets a legitimate deep read through on both transports', async () => {
    const q = `{ conversations(first: 5) { edges { node { id status assigneeName messages(first: 50) {
      edges { node { id ai { confidence sources { id title } } } } } } } } }`;
    expect((await gql(stack.port, customer, q)).errors).toBeUndefined();
    expect((await overWs(customer, q)).errors).toEqual([]);
  });

  it('hides field suggestions while introspection is off', async () => {
    const r = await gql(stack.port, customer, '{ mee { id } }');
    expect(errorCode(r)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(r)).not.toMatch(/Did you mean/);
  });
});

describe('message size', () => {
  it('refuses an HTTP body over 256 KB with 413, in GraphQL shape and without a stack trace', async () => {
    const res = await fetch(`http://127.0.0.1:${stack.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token('customer', 'cus-21')}` },
      body: JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(300 * 1024) } }),
    });
    expect(res.status).toBe(413);
    const text = await res.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(text).not.toMatch(/at .*\.js:\d+/);
  });

  it('closes a WebSocket that sends a frame over 256 KB (1009), and keeps one just under it', async () => {
    const ok = rawSocket({ authorization: `Bearer ${token('customer', 'cus-21')}` });
    expect(await within(ok.acked, 5000, 'ack')).toBe(true);
    const query = '{ me { id } }';
    const frame = (pad: number) =>
      JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: { pad: 'x'.repeat(pad) } } });
    const answered = new Promise((resolve) =>
      ok.socket.on('message', (d) => JSON.parse(String(d)).id === '1' && resolve(true)),
    );
    ok.socket.send(frame(200 * 1024));
    expect(await within(answered, 5000, 'answer to a 200 KB frame')).toBe(true);
    ok.socket.send(frame(300 * 1024));
    expect((await within(ok.closed, 5000, 'close after a 300 KB frame')).code).toBe(1009);
  });
});

describe('tokens on the WebSocket', () => {
  it('refuses a connection without a token (4401) and with an invalid one (4403)', async () => {
    const none = rawSocket({});
    expect(await within(none.closed, 5000, 'close')).toMatchObject({ code: 4401 });
    const noExp = jwt.sign({ sub: 'cus-21', role: 'customer' }, testEnv().jwtSecret, { algorithm: 'HS256' });
    const bad = rawSocket({ authorization: `Bearer ${noExp}` });
    expect(await within(bad.closed, 5000, 'close')).toMatchObject({ code: 4403 });
  });

  it('refuses a token without exp over HTTP too', async () => {
    const noExp = jwt.sign({ sub: 'cus-21', role: 'customer' }, testEnv().jwtSecret, { algorithm: 'HS256' });
    const r = await gql(stack.port, noExp, '{ me { id } }');
    expect(r.status).toBe(401);
    expect(errorCode(r)).toBe('UNAUTHENTICATED');
  });

  it('closes an open socket with 4401 when its token expires, subscriptions and all', async () => {
    const shortLived = signToken(testEnv().jwtSecret, { sub: 'cus-21', role: 'customer' }, 3);
    const s = rawSocket({ authorization: `Bearer ${shortLived}` });
    expect(await within(s.acked, 5000, 'ack')).toBe(true);
    s.socket.send(
      JSON.stringify({
        id: 'q',
        type: 'subscribe',
        payload: {
          query: 'subscription { messageAdded(conversationId: "00000000-0000-4000-8000-000000000000") { id } }',
        },
      }),
    );
    expect(await within(s.closed, 8000, 'close at expiry')).toMatchObject({ code: 4401, reason: 'token expired' });
  });
});

describe('sockets are bounded', () => {
  it('caps the operations one socket holds at once', async () => {
    const ws = wsClient(stack.port, token('customer', 'cus-21'));
    const q = 'subscription { messageAdded(conversationId: "00000000-0000-4000-8000-000000000000") { id } }';
    const subs = [0, 1, 2, 3].map(() => subscribe(ws, q, {}));
    try {
      // Each of these is refused by the resolver (NOT_FOUND) but only after the cap: the fourth never gets that far.
      await waitFor(() => subs.every((s) => s.errors.length > 0), 10_000);
      const codes = subs.map((s) => flat(s.errors)[0]?.extensions?.code);
      expect(codes.filter((c) => c === 'NOT_FOUND').length).toBeGreaterThanOrEqual(3);
    } finally {
      subs.forEach((s) => s.dispose());
      await ws.dispose();
    }
    // Held open: the subscriptions stay on the socket, so the fourth meets the cap.
    const id = (
      await customerTurn(stack.port, token('customer', 'cus-21'), null, 'How do I export a dashboard to PDF?')
    ).id;
    const held = wsClient(stack.port, token('customer', 'cus-21'));
    const MESSAGE = 'subscription($id: ID!) { messageAdded(conversationId: $id) { id } }';
    const open = [0, 1, 2].map(() => subscribe(held, MESSAGE, { id }));
    const db = await pg();
    try {
      // Instead of sleeping: the three are live (and refused nothing) once each hears the conversation's first
      // message, announced on the events channel as a worker announces it, until all three have it.
      const first = await db.query('SELECT id FROM messages WHERE conversation_id = $1 ORDER BY seq LIMIT 1', [id]);
      await waitFor(async () => {
        await db.query('SELECT pg_notify($1, $2)', [
          EVENTS_CHANNEL,
          encodeEvent({ kind: 'message', conversationId: id, messageId: first.rows[0].id }),
        ]);
        return open.every((s) => s.events.length > 0);
      }, 10_000);
      expect(open.every((s) => s.errors.length === 0)).toBe(true);
      const fourth = subscribe(held, MESSAGE, { id });
      await fourth.waitFor(() => fourth.errors.length > 0, 5000);
      expect(flat(fourth.errors)[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(open.every((s) => s.errors.length === 0)).toBe(true);
      fourth.dispose();
    } finally {
      open.forEach((s) => s.dispose());
      await held.dispose();
      await db.end();
    }
  });

  it('drops a socket that stops reading (it answers no ping)', async () => {
    /** The API's count of open graphql-ws connections (its /metrics). */
    const connections = async () => {
      const res = await fetch(`http://127.0.0.1:${stack.port}/metrics`, {
        headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` },
      });
      return valueOf(parseExposition(await res.text()), 'support_graphql_ws_connections');
    };
    // The earlier tests' sockets are gone, so the count below moves for this socket only.
    await waitFor(async () => (await connections()) === 0, 10_000);
    const s = rawSocket({ authorization: `Bearer ${token('customer', 'cus-21')}` });
    expect(await within(s.acked, 5000, 'ack')).toBe(true);
    const tcp = (s.socket as unknown as { _socket: import('node:net').Socket })._socket;
    tcp.pause(); // reads nothing from here on: no ping is seen, no pong goes back
    // Keepalive 1 s, a ping, then dropped a second later; the paused client cannot see it happen, the API's count of
    // connections can (resuming before the drop would answer the ping and keep the socket: the test would fail).
    expect(await connections()).toBe(1);
    await waitFor(async () => (await connections()) === 0, 10_000);
    tcp.resume();
    const closed = await within(s.closed, 5000, 'close of the paused socket');
    expect(closed.code).toBe(1006); // terminated by the server, no close frame
  });
});

describe('rate limits per identity, shared by every API replica', () => {
  const ok = (r: GqlResult) => !r.errors;
  const limited = (r: GqlResult) => errorCode(r) === 'RATE_LIMITED';
  const retryAfter = (r: GqlResult) =>
    (r.errors?.[0]?.extensions as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;

  it('a customer sends 10 messages in a burst (5 per 15 s + 5 burst); the 11th waits, even on another replica', async () => {
    const customer = token('customer', 'cus-22');
    const start = await gql(stack.port, customer, START, { input: { body: 'Hello', clientMessageId: cid() } });
    const id = start.data!.startConversation.id;
    const second = await startProcess('api', stack.env);
    try {
      const results: GqlResult[] = [];
      for (let i = 0; i < 11; i++) {
        const port = i % 2 === 0 ? stack.port : second.port!;
        results.push(
          await gql(port, customer, SEND, { input: { conversationId: id, body: `ping ${i}`, clientMessageId: cid() } }),
        );
      }
      expect(results.slice(0, 10).map(errorCode)).toEqual(Array(10).fill(undefined));
      expect(limited(results[10])).toBe(true);
      expect(retryAfter(results[10])).toBeGreaterThanOrEqual(1);
      expect(retryAfter(results[10])).toBeLessThanOrEqual(60);
      // Another customer is not affected.
      const other = await gql(second.port!, token('customer', 'cus-20'), '{ me { id } }');
      expect(other.errors).toBeUndefined();
    } finally {
      await second.stop();
    }
  });

  it('a customer starts 10 conversations in a burst; the 11th answers RATE_LIMITED', async () => {
    const customer = token('customer', 'cus-23');
    const results: GqlResult[] = [];
    for (let i = 0; i < 11; i++)
      results.push(
        await gql(stack.port, customer, START, { input: { body: `Question ${i}`, clientMessageId: cid() } }),
      );
    expect(results.slice(0, 10).every(ok)).toBe(true);
    expect(limited(results[10])).toBe(true);
    expect(retryAfter(results[10])).toBeGreaterThanOrEqual(1);
  });

  it('agents get more room (20 per 10 s + 40 burst), then wait too', async () => {
    const agent = token('agent', 'agt-4');
    const SET = 'mutation { setAgentStatus(status: ONLINE) { id status } }';
    const results: GqlResult[] = [];
    for (let i = 0; i < 120 && !results.some(limited); i++) results.push(await gql(stack.port, agent, SET));
    expect(results.slice(0, 60).every(ok)).toBe(true);
    expect(limited(results.at(-1)!)).toBe(true);
  });

  it('12 concurrent messages on one conversation: each is stored or RATE_LIMITED, never INTERNAL', async () => {
    const customer = token('customer', 'cus-24');
    const start = await gql(stack.port, customer, START, { input: { body: 'Hi there', clientMessageId: cid() } });
    const id = start.data!.startConversation.id;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        gql(stack.port, customer, SEND, { input: { conversationId: id, body: `burst ${i}`, clientMessageId: cid() } }),
      ),
    );
    expect(results.map((r) => errorCode(r) ?? 'OK').filter((c) => c !== 'OK' && c !== 'RATE_LIMITED')).toEqual([]);
    expect(results.some(limited)).toBe(true);
    const db = await pg();
    try {
      const stored = await db.query(
        `SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND author_kind = 'CUSTOMER' AND body LIKE 'burst %'`,
        [id],
      );
      expect(stored.rows[0].n).toBe(results.filter(ok).length);
    } finally {
      await db.end();
    }
  });

  it('more concurrent Updates on one conversation than Temporal admits answer RATE_LIMITED, never INTERNAL', async () => {
    const { id } = await customerTurn(
      stack.port,
      token('customer', 'cus-19'),
      null,
      'Can I talk to a person about our account?',
    );
    const agent = token('agent', 'agt-3');
    const claim = await gql(stack.port, agent, 'mutation($id: ID!) { claimConversation(conversationId: $id) { id } }', {
      id,
    });
    expect(claim.errors).toBeUndefined();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        gql(stack.port, agent, SEND, { input: { conversationId: id, body: `reply ${i}`, clientMessageId: cid() } }),
      ),
    );
    const codes = results.map((r) => errorCode(r) ?? 'OK');
    expect(codes.filter((c) => c !== 'OK' && c !== 'RATE_LIMITED')).toEqual([]);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThan(0);
    expect(codes.filter((c) => c === 'OK').length).toBeGreaterThanOrEqual(10);
  });
});

describe('text that is not valid Unicode', () => {
  it('is refused before anything is stored: half a surrogate pair in a body, a client message id or the page', async () => {
    const customer = token('customer', 'cus-16');
    const started = await gql(stack.port, customer, START, {
      input: { body: 'Hello \ud83d', clientMessageId: cid() },
    });
    expect(errorCode(started)).toBe('BAD_USER_INPUT');
    expect(started.errors?.[0].message).toMatch(/valid Unicode/);
    const { id } = await customerTurn(stack.port, customer, null, 'How do I export a dashboard to PDF?');
    const bad = [
      { conversationId: id, body: 'And \ude00 PNG?', clientMessageId: cid() },
      { conversationId: id, body: 'And to PNG?', clientMessageId: `m-\ud800` },
      { conversationId: id, body: 'And to PNG?', clientMessageId: cid(), pageContext: { title: 'Report \udbff' } },
    ];
    for (const input of bad) expect(errorCode(await gql(stack.port, customer, SEND, { input }))).toBe('BAD_USER_INPUT');
    const db = await pg();
    try {
      const rows = await db.query(`SELECT body FROM messages WHERE conversation_id = $1 AND author_kind = 'CUSTOMER'`, [
        id,
      ]);
      expect(rows.rows.map((r: { body: string }) => r.body)).toEqual(['How do I export a dashboard to PDF?']);
    } finally {
      await db.end();
    }
    // A whole character outside the basic plane is text like any other.
    const ok = await gql(stack.port, customer, SEND, {
      input: { conversationId: id, body: 'Thanks 👍', clientMessageId: cid() },
    });
    expect(ok.errors).toBeUndefined();
  });
});

describe("the system's message keys", () => {
  it("refuses a client message id that could take the AI reply's place, and the AI still answers", async () => {
    const customer = token('customer', 'cus-18');
    const taken = await gql(stack.port, customer, START, {
      input: { body: 'Hello', clientMessageId: 'system-escalated-1' },
    });
    expect(errorCode(taken)).toBe('BAD_USER_INPUT');
    const { id } = await customerTurn(stack.port, customer, null, 'How do I export a dashboard to PDF?');
    const sent = await gql(stack.port, customer, SEND, {
      input: { conversationId: id, body: 'And to PNG?', clientMessageId: cid() },
    });
    const squat = await gql(stack.port, customer, SEND, {
      input: { conversationId: id, body: 'gotcha', clientMessageId: `ai-reply-${sent.data!.sendMessage.id}` },
    });
    expect(errorCode(squat)).toBe('BAD_USER_INPUT');
    const db = await pg();
    try {
      const reply = await waitFor(async () => {
        const r = await db.query(`SELECT author_kind, body FROM messages WHERE client_message_id = $1`, [
          `ai-reply-${sent.data!.sendMessage.id}`,
        ]);
        return r.rows[0];
      }, 30_000);
      expect(reply.author_kind).toBe('AI');
    } finally {
      await db.end();
    }
  });
});

describe('the public surface', () => {
  it('sends security headers and no X-Powered-By', async () => {
    const res = await fetch(`http://127.0.0.1:${stack.port}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('keeps idle connections longer than a load balancer does (a reused connection is not closed under a client)', async () => {
    const agent = new http.Agent({ keepAlive: true });
    const keepAlive = await new Promise<string | undefined>((resolve, reject) => {
      http
        .get(`http://127.0.0.1:${stack.port}/healthz`, { agent }, (res) => {
          res.resume();
          resolve(String(res.headers['keep-alive'] ?? ''));
        })
        .on('error', reject);
    }).finally(() => agent.destroy());
    // Above the 60 s idle timeout load balancers commonly use, far above Node's 5 s default.
    expect(Number(/timeout=(\d+)/.exec(keepAlive ?? '')?.[1])).toBeGreaterThan(60);
  });

  it('keeps /metrics behind its token', async () => {
    expect((await fetch(`http://127.0.0.1:${stack.port}/metrics`)).status).toBe(401);
    const wrong = await fetch(`http://127.0.0.1:${stack.port}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('refuses to start beyond loopback with the built-in development secret', async () => {
    // No AUTH_JWT_SECRET: the built-in development secret, on every interface.
    const child = spawn(process.execPath, [path.resolve(__dirname, '..', 'dist', 'src', 'main', 'api.js')], {
      env: { ...peersEnv(), PORT: '0', API_HOST: '0.0.0.0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const code = await within(new Promise<number | null>((r) => child.once('exit', r)), 20_000, 'exit');
    expect(code).toBe(1);
    expect(out).toMatch(/AUTH_JWT_SECRET must be set when the API listens on 0\.0\.0\.0/);
    expect(out).not.toMatch(/api listening/);
  });
});

describe('Stripe webhooks, forged and replayed', () => {
  const secret = LIMITS_ENV.STRIPE_WEBHOOK_SECRET;
  const post = (body: string, signature?: string) =>
    fetch(`http://127.0.0.1:${stack.port}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
      body,
    });
  /** A payment-failed event for this customer's email, as Stripe would send it. */
  const eventFor = (email: string) =>
    JSON.stringify({
      id: `evt_${cid().replace(/-/g, '')}`,
      object: 'event',
      type: 'invoice.payment_failed',
      data: { object: { object: 'invoice', customer: 'cus_unknown', customer_email: email } },
    });
  const storedEvents = async (id: string) => {
    const db = await pg();
    try {
      return (await db.query('SELECT id FROM stripe_events WHERE id = $1', [id])).rowCount;
    } finally {
      await db.end();
    }
  };

  it('refuses a bad signature, none, a stale one and a body changed after signing (400), and keeps nothing', async () => {
    const body = eventFor('nobody@example.com');
    const { id } = JSON.parse(body) as { id: string };
    const tampered = body.replace('invoice.payment_failed', 'charge.refunded');
    const attempts = [
      post(body, signStripePayload(body, 'whsec_forged_key_zzzzzzzzzzzz')),
      post(body),
      post(body, 't=1,v1=00'),
      post(body, signStripePayload(body, secret, Math.floor(Date.now() / 1000) - 3600)),
      post(tampered, signStripePayload(body, secret)),
    ];
    const answers = await Promise.all(attempts);
    expect(answers.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    for (const r of answers) expect(JSON.stringify(await r.json())).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(await storedEvents(id)).toBe(0);
    // The same body, signed with the right secret, is accepted: the refusals above were the signature's.
    expect((await post(body, signStripePayload(body, secret))).status).toBe(200);
    expect(await storedEvents(id)).toBe(1);
  });

  it('processes an event delivered five times at once exactly once: one signal to the conversation', async () => {
    const auth = token('customer', 'cus-17');
    const { id, conversation } = await customerTurn(stack.port, auth, null, 'Can I speak to someone about my invoice?');
    const email = (await gql(stack.port, auth, '{ me { customer { email } } }')).data!.me.customer.email;
    const body = eventFor(email);
    const signature = signStripePayload(body, secret);
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(body, signature)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const results = (await Promise.all(answers.map((r) => r.json()))) as Array<{ duplicate: boolean }>;
    expect(results.filter((r) => !r.duplicate)).toEqual([{ received: true, duplicate: false, conversationId: id }]);
    // Replayed later with a fresh signature (an attacker who captured it, or Stripe retrying): still a duplicate.
    expect(await (await post(body, signStripePayload(body, secret))).json()).toMatchObject({ duplicate: true });
    expect(await storedEvents(JSON.parse(body).id)).toBe(1);

    const t = await temporalClient();
    try {
      const signals = async () =>
        ((await t.client.workflow.getHandle(conversation.workflowId).fetchHistory()).events ?? []).filter(
          (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'billingEvent',
        ).length;
      await waitFor(async () => (await signals()) > 0, 15_000);
      expect(await signals()).toBe(1);
    } finally {
      await t.close();
    }
  });
});
