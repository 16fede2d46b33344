import {
  cid,
  gql,
  MESSAGE_ADDED,
  MESSAGES,
  SEND,
  START,
  startProcess,
  startStack,
  subscribe,
  token,
  waitFor,
  wsClient,
} from './support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let secondApi: Awaited<ReturnType<typeof startProcess>>;
const customer = token('customer', 'cus-05');

beforeAll(async () => {
  stack = await startStack('xproc');
  secondApi = await startProcess('api', stack.env);
});
afterAll(async () => {
  await secondApi?.stop();
  await stack?.stop();
});

it('an event written by the worker reaches a subscriber connected to a second API process', async () => {
  const started = await gql(stack.port, customer, START, {
    input: { body: 'How do I upload a CSV file?', clientMessageId: cid() },
  });
  const id = started.data!.startConversation.id as string;
  await waitFor(
    async () => (await gql(stack.port, customer, MESSAGES, { id })).data!.conversation.messages.edges.length === 2,
  );

  const ws = wsClient(secondApi.port!, customer);
  const sub = subscribe<{ messageAdded: { seq: number; authorKind: string; body: string } }>(ws, MESSAGE_ADDED, { id });
  const updates = subscribe<{ conversationUpdated: { id: string; status: string } }>(
    ws,
    `subscription($id: ID!) { conversationUpdated(conversationId: $id) { id status } }`,
    { id },
  );
  try {
    await new Promise((r) => setTimeout(r, 500)); // let the subscription register before the write
    // Sent through the first API; stored by the worker; fanned out by the second API from PostgreSQL NOTIFY.
    await gql(stack.port, customer, SEND, {
      input: { conversationId: id, body: 'What is the maximum CSV file size?', clientMessageId: cid() },
    });
    const events = await sub.waitFor((ev) => ev.some((e) => e.messageAdded.authorKind === 'AI'));
    expect(events.map((e) => e.messageAdded.seq)).toEqual([3, 4]);
    expect(events[0].messageAdded).toMatchObject({
      authorKind: 'CUSTOMER',
      body: 'What is the maximum CSV file size?',
    });

    await gql(stack.port, customer, `mutation($id: ID!) { closeConversation(conversationId: $id) { id } }`, { id });
    const closed = await updates.waitFor((ev) => ev.some((e) => e.conversationUpdated.status === 'CLOSED'));
    expect(closed.at(-1)!.conversationUpdated.id).toBe(id);
  } finally {
    sub.dispose();
    updates.dispose();
    await ws.dispose();
  }
});

it('a subscription from afterSeq gives what was stored since, then live messages, each once and in order', async () => {
  const started = await gql(stack.port, customer, START, {
    input: { body: 'How do I upload a CSV file?', clientMessageId: cid() },
  });
  const id = started.data!.startConversation.id as string;
  // The client loaded the customer's first message only (seq 1); the AI's answer lands while it subscribes.
  const ws = wsClient(secondApi.port!, customer);
  const sub = subscribe<{ messageAdded: { seq: number; authorKind: string } }>(
    ws,
    `subscription($id: ID!, $afterSeq: Int) { messageAdded(conversationId: $id, afterSeq: $afterSeq) { seq authorKind } }`,
    { id, afterSeq: 1 },
  );
  try {
    await sub.waitFor((ev) => ev.some((e) => e.messageAdded.seq === 2));
    await gql(stack.port, customer, SEND, {
      input: { conversationId: id, body: 'What is the maximum CSV file size?', clientMessageId: cid() },
    });
    const events = await sub.waitFor((ev) => ev.some((e) => e.messageAdded.seq === 4));
    expect(events.map((e) => e.messageAdded.seq)).toEqual([2, 3, 4]);
    expect(events.map((e) => e.messageAdded.authorKind)).toEqual(['AI', 'CUSTOMER', 'AI']);
    expect(sub.errors).toEqual([]);
  } finally {
    sub.dispose();
    await ws.dispose();
  }
});
