import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { signIdentityToken } from '../src/auth/widget-identity';
import { cid, customerTurn, errorCode, gql, MESSAGES, pg, SEND, startStack, temporalClient } from './support/stack';

/**
 * Anonymous visitors on a deployment that allows them: a signed visitor token (never a raw id), FREE tier, tighter
 * rate limits, and, when they sign in, their open conversation moves to the customer with nothing lost.
 */
const SECRET = 'widget-visitor-secret-0123456789';
let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack('widget-visitor', {
    WIDGET_IDENTITY_SECRET: SECRET,
    WIDGET_ALLOW_VISITORS: 'true',
    RATE_LIMIT_VISITOR_MESSAGES: '2/60',
    RATE_LIMIT_VISITOR_SESSIONS: '8/60',
    // As behind a reverse proxy on the same host: it tells the API each visitor's own address.
    TRUST_PROXY: 'loopback',
  });
});
afterAll(async () => {
  await stack?.stop();
});

const VISITOR = `mutation($v: String) { startVisitorSession(visitorToken: $v) {
  token visitorToken customer { id tier email visitor } } }`;
const SIGN_IN = `mutation($t: String!, $v: String) { startWidgetSession(identityToken: $t, visitorToken: $v) {
  token customer { id tier visitor } } }`;

async function visitor(visitorToken: string | null = null) {
  const r = await gql(stack.port, null, VISITOR, { v: visitorToken });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.startVisitorSession as {
    token: string;
    visitorToken: string;
    customer: { id: string; tier: string; email: string | null; visitor: boolean };
  };
}

it('makes a FREE visitor without an address, known again only by the signed token it was given', async () => {
  const v = await visitor();
  expect(v.customer).toMatchObject({ tier: 'FREE', email: null, visitor: true });
  expect(v.customer.id).toMatch(/^vis-/);
  expect(jwt.decode(v.token)).toMatchObject({ sub: v.customer.id, role: 'customer', vis: true });

  expect((await visitor(v.visitorToken)).customer.id).toBe(v.customer.id);
  // The raw id, or a token signed by anyone else, is a new visitor: nobody can step into another's conversations.
  expect((await visitor(v.customer.id)).customer.id).not.toBe(v.customer.id);
  const forged = jwt.sign({ sub: v.customer.id }, 'guessed-secret-0123456789', {
    audience: 'support-visitor',
    expiresIn: 3600,
  });
  expect((await visitor(forged)).customer.id).not.toBe(v.customer.id);
});

it("limits a visitor's messages more tightly than a customer's", async () => {
  const v = await visitor();
  const { id } = await customerTurn(stack.port, v.token, null, 'How do I export a dashboard to PDF?');
  const send = () =>
    gql(stack.port, v.token, SEND, { input: { conversationId: id, body: 'And to PNG?', clientMessageId: cid() } });
  expect((await send()).errors).toBeUndefined();
  expect((await send()).errors).toBeUndefined();
  const third = await send();
  expect(errorCode(third)).toBe('RATE_LIMITED');
});

it('moves the open conversation to the customer the visitor signs in as, in PostgreSQL and in the workflow', async () => {
  const v = await visitor();
  const { id } = await customerTurn(stack.port, v.token, null, 'How do I export a dashboard to PDF?');
  const u = { sub: `signed-${randomUUID().slice(0, 8)}`, email: `v-${randomUUID().slice(0, 8)}@acme.example` };
  const r = await gql(stack.port, null, SIGN_IN, { t: signIdentityToken(SECRET, u), v: v.visitorToken });
  expect(r.errors).toBeUndefined();
  const session = r.data!.startWidgetSession;
  expect(session.customer).toMatchObject({ id: u.sub, visitor: false });

  const db = await pg();
  const t = await temporalClient();
  try {
    const row = await db.query('SELECT customer_id FROM conversations WHERE id = $1', [id]);
    expect(row.rows[0].customer_id).toBe(u.sub);
    const state = await t.client.workflow.getHandle(`conversation-${id}`).query('conversationState');
    expect(state).toMatchObject({ customerId: u.sub });
    const ev = await db.query(
      `SELECT data FROM conversation_events WHERE conversation_id = $1 AND kind = 'owner_changed'`,
      [id],
    );
    expect(ev.rows).toEqual([{ data: { from: v.customer.id, to: u.sub } }]);
  } finally {
    await t.close();
    await db.end();
  }

  // Nothing lost: the customer reads what they wrote as a visitor and the answer, and carries on in it.
  const seen = await gql(stack.port, session.token, MESSAGES, { id });
  const authors = seen.data!.conversation.messages.edges.map((e: any) => e.node.authorKind);
  expect(authors.slice(0, 2)).toEqual(['CUSTOMER', 'AI']);
  const next = await customerTurn(stack.port, session.token, id, 'Can I schedule that export every Monday?');
  expect(['AI', 'SYSTEM']).toContain(next.reply.authorKind);
  // The visitor's session no longer reaches it, and signing in again moves nothing twice.
  expect((await gql(stack.port, v.token, MESSAGES, { id })).data!.conversation).toBeNull();
  const again = await gql(stack.port, null, SIGN_IN, { t: signIdentityToken(SECRET, u), v: v.visitorToken });
  expect(again.errors).toBeUndefined();
});

it('limits how many visitor sessions one address may ask for', async () => {
  const answers: Array<string | undefined> = [];
  for (let i = 0; i < 10 && !answers.includes('RATE_LIMITED'); i++) {
    answers.push(errorCode(await gql(stack.port, null, VISITOR, { v: null })));
  }
  expect(answers).toContain('RATE_LIMITED');
  expect(answers.filter((a) => a === undefined).length).toBeLessThanOrEqual(8);
});

it("behind a trusted proxy, counts each visitor's own address, not the proxy's", async () => {
  const from = async (address: string) => {
    const res = await fetch(`http://127.0.0.1:${stack.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ query: VISITOR, variables: { v: null } }),
    });
    return errorCode((await res.json()) as Parameters<typeof errorCode>[0]);
  };
  // The proxy's own address has used up its allowance (above); a visitor behind it has their own.
  expect(errorCode(await gql(stack.port, null, VISITOR, { v: null }))).toBe('RATE_LIMITED');
  const first: Array<string | undefined> = [];
  for (let i = 0; i < 9; i++) first.push(await from('203.0.113.7'));
  expect(first.slice(0, 8)).toEqual(Array(8).fill(undefined));
  expect(first[8]).toBe('RATE_LIMITED');
  expect(await from('203.0.113.8')).toBeUndefined();
});
