import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import WebSocket from 'ws';
import { signIdentityToken } from '../src/auth/widget-identity';
import {
  cid,
  customerTurn,
  errorCode,
  gql,
  SEND,
  startProcess,
  startStack,
  subscribe,
  token,
  wsClient,
  type Proc,
} from './support/stack';

/** What the widget needs from the API: identity exchange, CORS, the WebSocket Origin check, typing, /widget.js. */
const SECRET = 'widget-test-secret-0123456789';
const HOST_ORIGIN = 'https://app.customer.example';
const env = { WIDGET_IDENTITY_SECRET: SECRET, CORS_ORIGINS: `${HOST_ORIGIN}, http://localhost:5173` };
let stack: Awaited<ReturnType<typeof startStack>>;
let replica: Proc;

beforeAll(async () => {
  stack = await startStack('widget-api', env);
  // A second API replica on the same database: typing must cross replicas through pg_notify.
  replica = await startProcess('api', stack.env);
});
afterAll(async () => {
  await replica?.stop();
  await stack?.stop();
});

const START_SESSION = `mutation($t: String!) { startWidgetSession(identityToken: $t) { token expiresAt customer { id name email company tier } } }`;
const user = () => {
  const id = randomUUID().slice(0, 8);
  return { sub: `host-user-${id}`, email: `user-${id}@customer.example`, name: `User ${id}`, company: 'Initech' };
};

describe('startWidgetSession', () => {
  it('creates the customer from the claims on first contact, updates it later, and returns a customer token that works', async () => {
    const u = user();
    const first = await gql(stack.port, null, START_SESSION, { t: signIdentityToken(SECRET, { ...u, plan: 'pro' }) });
    expect(first.errors).toBeUndefined();
    const s = first.data!.startWidgetSession;
    expect(s.customer).toEqual({ id: u.sub, name: u.name, email: u.email, company: 'Initech', tier: 'PRO' });
    const claims = jwt.decode(s.token) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: u.sub, role: 'customer', name: u.name });
    expect(claims.exp! * 1000).toBeCloseTo(new Date(s.expiresAt).getTime(), -4);
    expect(new Date(s.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(900_000);

    // The token is accepted by the rest of the API: this customer (unknown before) can open a conversation.
    const turn = await customerTurn(stack.port, s.token, null, 'How do I export a dashboard to PDF?');
    expect(turn.reply.authorKind).toBe('AI');

    // Later contact updates name and company; the tier stays what it is (the CRM's, not a claim's).
    const again = await gql(stack.port, null, START_SESSION, {
      t: signIdentityToken(SECRET, { ...u, name: 'Renamed', company: 'Initrode', plan: 'ENTERPRISE' }),
    });
    expect(again.data!.startWidgetSession.customer).toMatchObject({
      name: 'Renamed',
      company: 'Initrode',
      tier: 'PRO',
    });
  });

  it('refuses an expired token, saying it expired, and a forged one, each UNAUTHENTICATED with a reason', async () => {
    const u = user();
    const expired = jwt.sign({ ...u, exp: Math.floor(Date.now() / 1000) - 60 }, SECRET, { algorithm: 'HS256' });
    const r1 = await gql(stack.port, null, START_SESSION, { t: expired });
    expect(r1.errors![0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' } });
    expect(r1.errors![0].message).toMatch(/expired/);

    const forged = signIdentityToken('not-the-deployment-secret', u);
    const r2 = await gql(stack.port, null, START_SESSION, { t: forged });
    expect(r2.errors![0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' } });
    expect(r2.errors![0].message).toMatch(/not valid/);

    const noExp = jwt.sign(u, SECRET, { algorithm: 'HS256' });
    const r3 = await gql(stack.port, null, START_SESSION, { t: noExp });
    expect(r3.errors![0].message).toMatch(/exp/);
    const noneAlg = jwt.sign({ ...u, exp: Math.floor(Date.now() / 1000) + 60 }, '', { algorithm: 'none' });
    expect(errorCode(await gql(stack.port, null, START_SESSION, { t: noneAlg }))).toBe('UNAUTHENTICATED');
    const noEmail = signIdentityToken(SECRET, { sub: u.sub } as never);
    expect(errorCode(await gql(stack.port, null, START_SESSION, { t: noEmail }))).toBe('UNAUTHENTICATED');

    // Nothing was created for any of them.
    const me = await gql(
      stack.port,
      token('agent', 'agt-1'),
      `query($id: ID!) { conversations(filter: { customerId: $id }) { edges { cursor } } }`,
      {
        id: u.sub,
      },
    );
    expect(me.data!.conversations.edges).toEqual([]);
  });

  it('refuses an email that belongs to another customer with CONFLICT', async () => {
    const u = user();
    const r = await gql(stack.port, null, START_SESSION, {
      t: signIdentityToken(SECRET, { ...u, email: 'priya@brightloop.io' }),
    });
    expect(errorCode(r)).toBe('CONFLICT');
  });
});

describe('another origin', () => {
  it('gets CORS headers on /graphql only when it is on CORS_ORIGINS', async () => {
    const preflight = (origin: string) =>
      fetch(`http://127.0.0.1:${stack.port}/graphql`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });
    const ok = await preflight(HOST_ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(HOST_ORIGIN);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();

    const post = await fetch(`http://127.0.0.1:${stack.port}/graphql`, {
      method: 'POST',
      headers: { origin: HOST_ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(post.headers.get('access-control-allow-origin')).toBe(HOST_ORIGIN);
  });

  it('opens a WebSocket from an allowed origin and refuses one from any other origin at the upgrade', async () => {
    const open = (origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${stack.port}/graphql`, 'graphql-transport-ws', { origin });
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('error', () => undefined);
      });
    expect(await open(HOST_ORIGIN)).toBe(101);
    expect(await open('https://evil.example')).toBe(403);
  });
});

describe('typing indicators', () => {
  it('reach the other side through another API replica, never the sender, and only the assignee may send them', async () => {
    const u = user();
    const session = (await gql(stack.port, null, START_SESSION, { t: signIdentityToken(SECRET, u) })).data!
      .startWidgetSession;
    const customer = session.token as string;
    const { id } = await customerTurn(stack.port, customer, null, 'I need to talk to a human, please.');
    const agent = token('agent', 'agt-1');
    const TYPING = `mutation($id: ID!, $t: Boolean) { setTyping(conversationId: $id, typing: $t) }`;
    // Not the assignee yet.
    expect(errorCode(await gql(stack.port, agent, TYPING, { id }))).toBe('FORBIDDEN');
    expect(
      (await gql(stack.port, agent, `mutation($id: ID!) { claimConversation(conversationId: $id) { id } }`, { id }))
        .errors,
    ).toBeUndefined();

    const FOLLOW = `subscription($id: ID!) { typingChanged(conversationId: $id) { conversationId authorKind name typing } }`;
    const customerWs = wsClient(replica.port!, customer);
    const agentWs = wsClient(stack.port, agent);
    const customerSees = subscribe(customerWs, FOLLOW, { id });
    const agentSees = subscribe(agentWs, FOLLOW, { id });
    await new Promise((r) => setTimeout(r, 500)); // pacing: both subscribed (a late one misses an event and fails)

    expect((await gql(stack.port, agent, TYPING, { id })).data!.setTyping).toBe(true);
    await customerSees.waitFor((e) => e.length >= 1, 5000);
    expect(customerSees.events[0].typingChanged).toEqual({
      conversationId: id,
      authorKind: 'AGENT',
      name: 'Nina Patel',
      typing: true,
    });

    expect((await gql(replica.port!, customer, TYPING, { id, t: true })).errors).toBeUndefined();
    await agentSees.waitFor((e) => e.length >= 1, 5000);
    expect(agentSees.events[0].typingChanged).toMatchObject({ authorKind: 'CUSTOMER', name: u.name, typing: true });
    // Nobody hears their own typing (the agent's own came before the customer's, and was not heard). Instead of
    // sleeping to show that: each side stops typing, and the other waits for it. Typing events reach every replica
    // in the order they were sent (one NOTIFY channel), so the agent's "stopped" reaches the customer after the
    // customer's own typing would have, and the other way round.
    expect((await gql(stack.port, agent, TYPING, { id, t: false })).errors).toBeUndefined();
    await customerSees.waitFor((e) => e.length >= 2, 5000);
    expect((await gql(replica.port!, customer, TYPING, { id, t: false })).errors).toBeUndefined();
    await agentSees.waitFor((e) => e.length >= 2, 5000);
    const seen = (s: typeof customerSees) =>
      s.events.map((e) => `${e.typingChanged.authorKind} ${e.typingChanged.typing}`);
    expect(seen(customerSees)).toEqual(['AGENT true', 'AGENT false']);
    expect(seen(agentSees)).toEqual(['CUSTOMER true', 'CUSTOMER false']);
    // Another customer cannot signal or listen.
    expect(errorCode(await gql(stack.port, token('customer', 'cus-02'), TYPING, { id }))).toBe('NOT_FOUND');

    // The agent's reply carries the agent's display name.
    const reply = await gql(stack.port, agent, SEND, {
      input: { conversationId: id, body: 'Hello!', clientMessageId: cid() },
    });
    const seq = reply.data!.sendMessage.seq;
    const read = await gql(
      stack.port,
      customer,
      `query($id: ID!, $s: Int) { conversation(id: $id) { messages(afterSeq: $s) { edges { node { authorKind authorName body } } } } }`,
      {
        id,
        s: seq - 1,
      },
    );
    expect(read.data!.conversation.messages.edges[0].node).toEqual({
      authorKind: 'AGENT',
      authorName: 'Nina Patel',
      body: 'Hello!',
    });
    customerSees.dispose();
    agentSees.dispose();
    await customerWs.dispose();
    await agentWs.dispose();
  });
});
