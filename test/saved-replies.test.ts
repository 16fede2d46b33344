import { cid, errorCode, gql, START, startStack, token } from './support/stack';

/**
 * Saved replies (macros) over the real API and database: leads manage the shared ones, every agent their own personal
 * ones (nobody else sees or changes those), and a rendered reply has its placeholders filled for the conversation's
 * customer and the calling agent.
 */
type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack('saved-replies');
});
afterAll(async () => stack?.stop());

const agent = (id: string) => token('agent', id);
const CREATE = `mutation($i: SavedReplyInput!) { createSavedReply(input: $i) { id title body shared ownerId } }`;
const UPDATE = `mutation($id: ID!, $i: SavedReplyInput!) { updateSavedReply(id: $id, input: $i) { id title body } }`;
const DELETE = `mutation($id: ID!) { deleteSavedReply(id: $id) }`;
const LIST = `{ savedReplies { edges { node { id title shared ownerId } } } }`;
const RENDER = `mutation($id: ID!, $c: ID!) { renderSavedReply(id: $id, conversationId: $c) }`;
const tag = cid().slice(0, 6);
const titles = async (auth: string) =>
  ((await gql(stack.port, auth, LIST)).data!.savedReplies.edges as any[]).map((e) => e.node.title as string);

describe('saved replies', () => {
  let shared: string;
  let personal: string;

  it('are created shared by leads (not by other agents) and personal by any agent; bad input is refused', async () => {
    const greeting = {
      title: `Greeting ${tag}`,
      body: 'Hi {customer.name}, {agent.name} here. {order.id}',
      shared: true,
    };
    const byLead = await gql(stack.port, agent('agt-7'), CREATE, { i: greeting });
    expect(byLead.data!.createSavedReply).toMatchObject({ title: greeting.title, shared: true, ownerId: null });
    shared = byLead.data!.createSavedReply.id;
    expect(errorCode(await gql(stack.port, agent('agt-2'), CREATE, { i: greeting }))).toBe('FORBIDDEN');
    const mine = await gql(stack.port, agent('agt-2'), CREATE, {
      i: { title: `Sign-off ${tag}`, body: 'Best, {agent.name}' },
    });
    expect(mine.data!.createSavedReply).toMatchObject({ shared: false, ownerId: 'agt-2' });
    personal = mine.data!.createSavedReply.id;
    expect(errorCode(await gql(stack.port, agent('agt-2'), CREATE, { i: { title: ' ', body: 'x' } }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('list the shared ones for everyone and the personal ones for their owner only', async () => {
    expect(await titles(agent('agt-2'))).toEqual(expect.arrayContaining([`Greeting ${tag}`, `Sign-off ${tag}`]));
    const other = await titles(agent('agt-1'));
    expect(other).toContain(`Greeting ${tag}`);
    expect(other).not.toContain(`Sign-off ${tag}`);
  });

  it('are changed and deleted by their owner (personal) or by leads and admins (shared), by nobody else', async () => {
    const edit = { title: `Sign-off ${tag}`, body: 'Kind regards, {agent.name}' };
    expect(errorCode(await gql(stack.port, agent('agt-1'), UPDATE, { id: personal, i: edit }))).toBe('NOT_FOUND');
    expect((await gql(stack.port, agent('agt-1'), DELETE, { id: personal })).data!.deleteSavedReply).toBe(false);
    const own = await gql(stack.port, agent('agt-2'), UPDATE, { id: personal, i: edit });
    expect(own.data!.updateSavedReply.body).toBe('Kind regards, {agent.name}');
    const sharedEdit = { title: `Greeting ${tag}`, body: 'Hello {customer.firstName}, {agent.name} here. {order.id}' };
    expect(errorCode(await gql(stack.port, agent('agt-2'), UPDATE, { id: shared, i: sharedEdit }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(stack.port, agent('agt-2'), DELETE, { id: shared }))).toBe('FORBIDDEN');
    expect((await gql(stack.port, token('admin', 'admin-1'), UPDATE, { id: shared, i: sharedEdit })).errors).toBe(
      undefined,
    );
  });

  it('render with the placeholders filled for the conversation and the agent (unknown ones stay as written)', async () => {
    const started = await gql(stack.port, token('customer', 'cus-11'), START, {
      input: { body: 'How do I export a dashboard to PDF?', clientMessageId: cid() },
    });
    const conversationId = started.data!.startConversation.id as string;
    const rendered = await gql(stack.port, agent('agt-2'), RENDER, { id: shared, c: conversationId });
    expect(rendered.data!.renderSavedReply).toBe('Hello Maria, Marco Rossi here. {order.id}');
    const sign = await gql(stack.port, agent('agt-2'), RENDER, { id: personal, c: conversationId });
    expect(sign.data!.renderSavedReply).toBe('Kind regards, Marco Rossi');
    // Someone else's personal reply cannot be rendered; a customer cannot render at all.
    expect(errorCode(await gql(stack.port, agent('agt-1'), RENDER, { id: personal, c: conversationId }))).toBe(
      'NOT_FOUND',
    );
    expect(
      errorCode(await gql(stack.port, token('customer', 'cus-11'), RENDER, { id: shared, c: conversationId })),
    ).toBe('FORBIDDEN');
    // The owner deletes theirs; a repeat answers false (a retry is harmless).
    expect((await gql(stack.port, agent('agt-2'), DELETE, { id: personal })).data!.deleteSavedReply).toBe(true);
    expect((await gql(stack.port, agent('agt-2'), DELETE, { id: personal })).data!.deleteSavedReply).toBe(false);
    expect((await gql(stack.port, agent('agt-7'), DELETE, { id: shared })).data!.deleteSavedReply).toBe(true);
  });
});
