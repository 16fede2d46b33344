import {
  cid,
  customerTurn,
  errorCode,
  gql,
  MESSAGE_ADDED,
  MESSAGES,
  SEND,
  START,
  startStack,
  subscribe,
  token,
  waitFor,
  wsClient,
} from './support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
const alice = token('customer', 'cus-03');
const bob = token('customer', 'cus-04');
const agent = token('agent', 'agt-1');
let aliceConversation: string;

beforeAll(async () => {
  stack = await startStack('authz');
  const r = await gql(stack.port, alice, START, {
    input: { body: 'How do I share a dashboard with a teammate?', clientMessageId: cid() },
  });
  aliceConversation = r.data!.startConversation.id;
});
afterAll(async () => stack?.stop());

describe('who may see and do what', () => {
  it('answers UNAUTHENTICATED without a token or with a forged one', async () => {
    const none = await gql(stack.port, null, '{ me { id } }');
    expect(errorCode(none)).toBe('UNAUTHENTICATED');
    const forged = await gql(
      stack.port,
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjdXMtMDEiLCJyb2xlIjoiYWRtaW4ifQ.bad',
      '{ me { id } }',
    );
    expect(forged.status).toBe(401);
    expect(errorCode(forged)).toBe('UNAUTHENTICATED');
    const start = await gql(stack.port, null, START, { input: { body: 'hi', clientMessageId: cid() } });
    expect(errorCode(start)).toBe('UNAUTHENTICATED');
  });

  it('tells the caller who they are', async () => {
    const me = await gql(stack.port, alice, '{ me { id role name customer { id tier } } }');
    expect(me.data!.me).toEqual({
      id: 'cus-03',
      role: 'CUSTOMER',
      name: 'Sofía Álvarez',
      customer: { id: 'cus-03', tier: 'FREE' },
    });
  });

  it("hides one customer's conversation from another as if it did not exist", async () => {
    const read = await gql(stack.port, bob, MESSAGES, { id: aliceConversation });
    expect(read.errors).toBeUndefined();
    expect(read.data!.conversation).toBeNull();
    const missing = await gql(stack.port, bob, MESSAGES, { id: '00000000-0000-4000-8000-000000000000' });
    expect(missing.data!.conversation).toBeNull();

    const send = await gql(stack.port, bob, SEND, {
      input: { conversationId: aliceConversation, body: 'let me in', clientMessageId: cid() },
    });
    expect(errorCode(send)).toBe('NOT_FOUND');
    const close = await gql(stack.port, bob, `mutation($id: ID!) { closeConversation(conversationId: $id) { id } }`, {
      id: aliceConversation,
    });
    expect(errorCode(close)).toBe('NOT_FOUND');

    const list = await gql(stack.port, bob, `{ conversations(first: 100) { edges { node { id customer { id } } } } }`);
    expect(list.data!.conversations.edges.every((e: any) => e.node.customer.id === 'cus-04')).toBe(true);
    // Even asking for Alice's conversations by filter returns Bob's own only.
    const filtered = await gql(
      stack.port,
      bob,
      `{ conversations(filter: { customerId: "cus-03" }) { edges { node { id } } } }`,
    );
    expect(filtered.data!.conversations.edges.map((e: any) => e.node.id)).not.toContain(aliceConversation);
  });

  it("refuses a subscription to another customer's conversation and delivers nothing", async () => {
    const bobs = (
      await gql(stack.port, bob, START, { input: { body: 'How do I add a viewer?', clientMessageId: cid() } })
    ).data!.startConversation.id as string;
    const ws = wsClient(stack.port, bob);
    const sub = subscribe(ws, MESSAGE_ADDED, { id: aliceConversation });
    const own = subscribe<{ messageAdded: { body: string } }>(ws, MESSAGE_ADDED, { id: bobs });
    try {
      await waitFor(() => sub.errors.length > 0);
      expect(JSON.stringify(sub.errors)).toMatch(/NOT_FOUND/);
      // Alice writes and is answered: both messages stored and published.
      await customerTurn(stack.port, alice, aliceConversation, 'Can viewers export?');
      // Bob's own message, stored after hers, reaches the same socket: anything of hers would have come first.
      await gql(stack.port, bob, SEND, {
        input: { conversationId: bobs, body: 'And a guest?', clientMessageId: cid() },
      });
      await own.waitFor((ev) => ev.some((e) => e.messageAdded.body === 'And a guest?'));
      expect(sub.events).toHaveLength(0);
    } finally {
      sub.dispose();
      own.dispose();
      await ws.dispose();
    }
  });

  it('refuses a WebSocket connection with a forged token', async () => {
    const ws = wsClient(stack.port, 'not-a-jwt');
    const sub = subscribe(ws, MESSAGE_ADDED, { id: aliceConversation });
    await waitFor(() => sub.errors.length > 0);
    expect((sub.errors[0] as { code?: number }).code).toBe(4403);
    await ws.dispose();
  });

  it('lets agents read and follow any conversation but not start one as a customer', async () => {
    const read = await gql(stack.port, agent, MESSAGES, { id: aliceConversation });
    expect(read.data!.conversation.id).toBe(aliceConversation);
    const list = await gql(
      stack.port,
      agent,
      `{ conversations(filter: { customerId: "cus-03" }) { edges { node { id } } } }`,
    );
    expect(list.data!.conversations.edges.map((e: any) => e.node.id)).toContain(aliceConversation);
    const start = await gql(stack.port, agent, START, { input: { body: 'hi', clientMessageId: cid() } });
    expect(errorCode(start)).toBe('FORBIDDEN');
  });

  it('returns no stack traces, even for malformed requests', async () => {
    const bad = await gql(stack.port, alice, MESSAGES, { id: aliceConversation, first: 1000 });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    const cursor = await gql(stack.port, alice, MESSAGES, { id: aliceConversation, after: 'garbage' });
    expect(errorCode(cursor)).toBe('BAD_USER_INPUT');
    for (const r of [bad, cursor]) expect(JSON.stringify(r)).not.toMatch(/stacktrace|at .*\.js:\d+/);
  });
});
