import { testEnv } from './support/env';
import {
  cid,
  customerTurn,
  errorCode,
  gql,
  MESSAGE_ADDED,
  pg,
  SEND,
  startStack,
  subscribe,
  token,
  turnsHandled,
  waitFor,
  wsClient,
} from './support/stack';

/**
 * What the console does with a conversation beyond the basics, end to end (API, worker, Temporal, PostgreSQL):
 * internal notes, the claim race's loser told who won, notifications live and marked read, takeover and reassignment.
 */
type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack('console-desk');
});
afterAll(async () => stack?.stop());

const CLAIM = `mutation($id: ID!) { claimConversation(conversationId: $id) { id assignee { id } } }`;
const NOTE = `mutation($input: AddInternalNoteInput!) {
  addInternalNote(input: $input) { id conversationId authorId authorName body createdAt } }`;
const NOTE_ADDED = `subscription($id: ID!) { internalNoteAdded(conversationId: $id) { id body authorName } }`;
const READ = `query($id: ID!) { conversation(id: $id) {
  status temporalUiUrl notes { id body authorName authorId } assignee { id }
  messages(first: 100) { edges { node { seq authorKind body } } } } }`;
const TAKE_OVER = `mutation($id: ID!) { takeOverConversation(conversationId: $id) { id status assignee { id } } }`;
const REASSIGN = `mutation($id: ID!, $to: ID!) { reassignConversation(conversationId: $id, toAgentId: $to) { id status assignee { id } } }`;
const NOTIFICATIONS = `query($unreadOnly: Boolean) { notifications(first: 100, unreadOnly: $unreadOnly) {
  unreadCount edges { node { id kind conversationId message readAt } } } }`;
const MARK = `mutation($ids: [ID!], $all: Boolean) { markNotificationsRead(ids: $ids, all: $all) }`;

const agent = (id: string) => token('agent', id);
async function escalated(customerId: string, body = 'I want to talk to a human agent, please.') {
  const { id, conversation } = await customerTurn(stack.port, token('customer', customerId), null, body);
  expect(conversation.status).toBe('AWAITING_AGENT');
  return id;
}
const note = (auth: string, conversationId: string, body: string, clientNoteId = cid()) =>
  gql(stack.port, auth, NOTE, { input: { conversationId, body, clientNoteId } });
const notificationsOf = async (auth: string, unreadOnly = false) =>
  (await gql(stack.port, auth, NOTIFICATIONS, { unreadOnly })).data!.notifications;

describe('internal notes', () => {
  it('staff see them live and in the conversation; the customer never does, in no view and no subscription', async () => {
    const customer = token('customer', 'cus-06');
    const id = await escalated('cus-06');
    expect((await gql(stack.port, agent('agt-1'), CLAIM, { id })).errors).toBeUndefined();

    const staffWs = wsClient(stack.port, agent('agt-2'));
    const customerWs = wsClient(stack.port, customer);
    const live = subscribe<any>(staffWs, NOTE_ADDED, { id });
    const customerMessages = subscribe<any>(customerWs, MESSAGE_ADDED, { id });
    const customerNotes = subscribe<any>(customerWs, NOTE_ADDED, { id });
    try {
      await waitFor(() => customerNotes.errors.length > 0);
      expect(
        (customerNotes.errors[0] as any).extensions?.code ?? (customerNotes.errors[0] as any)[0]?.extensions?.code,
      ).toBe('FORBIDDEN');
      await new Promise((r) => setTimeout(r, 300)); // the staff subscription is registered
      const key = cid();
      const secret = 'Customer is on the legacy invoice plan: do not offer the annual discount.';
      const added = await note(agent('agt-1'), id, secret, key);
      expect(added.errors).toBeUndefined();
      expect(added.data!.addInternalNote).toMatchObject({
        conversationId: id,
        authorId: 'agt-1',
        authorName: 'Nina Patel',
        body: secret,
      });
      // A retry with the same key stores nothing new.
      const again = await note(agent('agt-1'), id, secret, key);
      expect(again.data!.addInternalNote.id).toBe(added.data!.addInternalNote.id);
      const [event] = await live.waitFor((e) => e.length > 0);
      expect(event.internalNoteAdded).toEqual({
        id: added.data!.addInternalNote.id,
        body: secret,
        authorName: 'Nina Patel',
      });
      // An admin adds a second one: oldest first.
      expect((await note(token('admin', 'admin-1'), id, 'Checked the invoice history too.')).errors).toBeUndefined();

      const staffView = (await gql(stack.port, agent('agt-3'), READ, { id })).data!.conversation;
      expect(staffView.notes.map((n: any) => n.body)).toEqual([secret, 'Checked the invoice history too.']);
      expect(staffView.notes[1].authorId).toBe('admin-1');
      expect(staffView.temporalUiUrl).toBe(
        `http://localhost:8233/namespaces/${testEnv().namespace}/workflows/conversation-${id}`,
      );
      expect(staffView.messages.edges.map((e: any) => e.node.body)).not.toContain(secret);

      // The customer writes and the agent answers: their live transcript and their reads hold no note.
      await gql(stack.port, customer, SEND, {
        input: { conversationId: id, body: 'Any news?', clientMessageId: cid() },
      });
      await gql(stack.port, agent('agt-1'), SEND, {
        input: { conversationId: id, body: 'Looking now.', clientMessageId: cid() },
      });
      await customerMessages.waitFor((e) => e.some((m) => m.messageAdded.body === 'Looking now.'));
      expect(customerMessages.events.map((m) => m.messageAdded.body).join('\n')).not.toContain('legacy invoice');
      const customerView = await gql(stack.port, customer, READ, { id });
      expect(customerView.errors).toBeUndefined();
      expect(customerView.data!.conversation.notes).toBeNull();
      expect(customerView.data!.conversation.temporalUiUrl).toBeNull();
      expect(JSON.stringify(customerView.data)).not.toContain('legacy invoice');
    } finally {
      live.dispose();
      customerMessages.dispose();
      customerNotes.dispose();
      await staffWs.dispose();
      await customerWs.dispose();
    }
    // Durable: a typed event in the conversation's audit trail.
    const db = await pg();
    try {
      const rows = await db.query(
        `SELECT data FROM conversation_events WHERE conversation_id = $1 AND kind = 'internal_note_added'`,
        [id],
      );
      expect(rows.rows).toHaveLength(2);
    } finally {
      await db.end();
    }
  });

  it('are never read by the AI as customer text', async () => {
    const customer = token('customer', 'cus-07');
    const { id, conversation } = await customerTurn(stack.port, customer, null, 'How do I export a dashboard to PDF?');
    expect(conversation.status).toBe('AI_ACTIVE');
    // Words that would send the conversation to a person if the customer had written them.
    expect(
      (await note(agent('agt-2'), id, 'I want to talk to a human agent right now, this is useless!')).errors,
    ).toBeUndefined();
    const next = await customerTurn(stack.port, customer, id, 'And how do I schedule that export every week?');
    expect(next.reply.authorKind).toBe('AI');
    expect(next.conversation.status).toBe('AI_ACTIVE');
    expect(next.conversation.escalation).toBeNull();
  });

  it('refuses customers (FORBIDDEN), an empty body (BAD_USER_INPUT) and another customer’s or a missing conversation', async () => {
    const id = await escalated('cus-08');
    expect(errorCode(await note(token('customer', 'cus-08'), id, 'mine'))).toBe('FORBIDDEN');
    expect(errorCode(await note(agent('agt-1'), id, '   '))).toBe('BAD_USER_INPUT');
    expect(errorCode(await note(agent('agt-1'), '00000000-0000-4000-8000-00000000beef', 'x'))).toBe('NOT_FOUND');
  });
});

describe('claims', () => {
  it('tells the loser of a claim race who won', async () => {
    const id = await escalated('cus-03');
    const [a, b] = await Promise.all([
      gql(stack.port, agent('agt-1'), CLAIM, { id }),
      gql(stack.port, agent('agt-4'), CLAIM, { id }),
    ]);
    const winner = a.errors ? b : a;
    const loser = a.errors ? a : b;
    expect(errorCode(loser)).toBe('CONFLICT');
    const name = winner.data!.claimConversation.assignee.id === 'agt-1' ? 'Nina Patel' : 'Samuel Owusu';
    expect(loser.errors![0].message).toBe(`Already claimed by ${name}`);
    // The winner's retried claim (a lost acknowledgement) answers the same success (issue #12), not CONFLICT.
    const again = await gql(stack.port, agent(winner.data!.claimConversation.assignee.id), CLAIM, { id });
    expect(again.errors).toBeUndefined();
    expect(again.data!.claimConversation.assignee.id).toBe(winner.data!.claimConversation.assignee.id);
  });
});

describe('notifications', () => {
  it('arrive live (queued, then assigned on claim and on a transfer to a named agent), and are marked read', async () => {
    const me = agent('agt-3'); // TIER1, on call
    // Offline agents are not notified (issue #16): this one is at work.
    expect((await gql(stack.port, me, 'mutation { setAgentStatus(status: ONLINE) { id } }')).errors).toBeUndefined();
    const ws = wsClient(stack.port, me);
    const live = subscribe<any>(ws, 'subscription { notificationAdded { id kind conversationId message readAt } }', {});
    let id: string;
    try {
      await new Promise((r) => setTimeout(r, 300));
      id = await escalated('cus-04');
      const [queued] = await live.waitFor((e) =>
        e.some((n) => n.notificationAdded.conversationId === id && n.notificationAdded.kind === 'QUEUED'),
      );
      expect(queued.notificationAdded.readAt).toBeNull();
      expect((await gql(stack.port, me, CLAIM, { id })).errors).toBeUndefined();
      await live.waitFor((e) =>
        e.some((n) => n.notificationAdded.conversationId === id && n.notificationAdded.kind === 'ASSIGNED'),
      );
    } finally {
      live.dispose();
      await ws.dispose();
    }
    // Another tier's agent does not get this agent's assignment.
    const other = await notificationsOf(agent('agt-6'));
    expect(other.edges.some((e: any) => e.node.conversationId === id && e.node.kind === 'ASSIGNED')).toBe(false);

    const mine = await notificationsOf(me, true);
    const ofThis = mine.edges.map((e: any) => e.node).filter((n: any) => n.conversationId === id);
    expect(ofThis.map((n: any) => n.kind).sort()).toEqual(['ASSIGNED', 'QUEUED']);
    // Newest first.
    const ids = mine.edges.map((e: any) => Number(e.node.id));
    expect(ids).toEqual([...ids].sort((x, y) => y - x));

    const left = (await gql(stack.port, me, MARK, { ids: [ofThis[0].id] })).data!.markNotificationsRead;
    expect(left).toBe(mine.unreadCount - 1);
    const after = await notificationsOf(me);
    expect(after.edges.find((e: any) => e.node.id === ofThis[0].id).node.readAt).not.toBeNull();
    expect((await notificationsOf(me, true)).edges.map((e: any) => e.node.id)).not.toContain(ofThis[0].id);
    expect((await gql(stack.port, me, MARK, { all: true })).data!.markNotificationsRead).toBe(0);
    expect((await notificationsOf(me, true)).edges).toEqual([]);
    expect(errorCode(await gql(stack.port, me, MARK, {}))).toBe('BAD_USER_INPUT');

    // A transfer to a named agent: that agent is told.
    await gql(stack.port, me, SEND, { input: { conversationId: id, body: 'Hello!', clientMessageId: cid() } });
    const transfer = await gql(
      stack.port,
      me,
      `mutation($id: ID!) { transferConversation(conversationId: $id, toAgentId: "agt-4", reason: "knows exports") { id } }`,
      { id },
    );
    expect(transfer.errors).toBeUndefined();
    const told = await waitFor(async () =>
      (await notificationsOf(agent('agt-4'), true)).edges.find(
        (e: any) => e.node.conversationId === id && e.node.kind === 'ASSIGNED',
      ),
    );
    expect(told.node.message).toContain('Grace Liu');
  });
});

describe('takeover and reassignment', () => {
  it('a LEAD takes over another agent’s conversation and reassigns it; a TIER1 agent may not', async () => {
    const id = await escalated('cus-05');
    expect((await gql(stack.port, agent('agt-1'), CLAIM, { id })).errors).toBeUndefined();

    const refused = await gql(stack.port, agent('agt-2'), TAKE_OVER, { id });
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect(errorCode(await gql(stack.port, agent('agt-2'), REASSIGN, { id, to: 'agt-2' }))).toBe('FORBIDDEN');

    const taken = await gql(stack.port, agent('agt-7'), TAKE_OVER, { id });
    expect(taken.errors).toBeUndefined();
    expect(taken.data!.takeOverConversation).toMatchObject({ status: 'AGENT_ACTIVE', assignee: { id: 'agt-7' } });
    // The new assignee replies; the old one no longer may.
    const old = await gql(stack.port, agent('agt-1'), SEND, {
      input: { conversationId: id, body: 'me?', clientMessageId: cid() },
    });
    expect(errorCode(old)).toBe('FORBIDDEN');
    const reply = await gql(stack.port, agent('agt-7'), SEND, {
      input: { conversationId: id, body: 'Hannah here, I am taking this one.', clientMessageId: cid() },
    });
    expect(reply.errors).toBeUndefined();

    const given = await gql(stack.port, token('admin', 'admin-1'), REASSIGN, { id, to: 'agt-3' });
    expect(given.errors).toBeUndefined();
    expect(given.data!.reassignConversation.assignee.id).toBe('agt-3');
    expect(errorCode(await gql(stack.port, agent('agt-7'), REASSIGN, { id, to: 'agt-nobody' }))).toBe('NOT_FOUND');

    const lead = await notificationsOf(agent('agt-7'));
    expect(lead.edges.some((e: any) => e.node.conversationId === id && e.node.kind === 'ASSIGNED')).toBe(true);
    const t1 = await notificationsOf(agent('agt-3'));
    expect(t1.edges.some((e: any) => e.node.conversationId === id && e.node.kind === 'ASSIGNED')).toBe(true);

    const db = await pg();
    try {
      const rows = await db.query(
        `SELECT kind, data FROM conversation_events WHERE conversation_id = $1 AND kind IN ('taken_over', 'reassigned') ORDER BY id`,
        [id],
      );
      expect(rows.rows).toEqual([
        { kind: 'taken_over', data: { by: 'agt-7', from: 'agt-1' } },
        { kind: 'reassigned', data: { by: 'admin-1', from: 'agt-7', toAgentId: 'agt-3' } },
      ]);
    } finally {
      await db.end();
    }
  });

  it('a LEAD takes a waiting conversation straight from the queue; a resolved one is not open', async () => {
    const id = await escalated('cus-02');
    const taken = await gql(stack.port, agent('agt-8'), TAKE_OVER, { id });
    expect(taken.errors).toBeUndefined();
    expect(taken.data!.takeOverConversation.assignee.id).toBe('agt-8');
    await gql(stack.port, agent('agt-8'), SEND, {
      input: { conversationId: id, body: 'Hi, James here.', clientMessageId: cid() },
    });
    const resolved = await gql(
      stack.port,
      agent('agt-8'),
      `mutation($id: ID!) { resolveConversation(conversationId: $id, resolution: { summary: "done" }) { status } }`,
      { id },
    );
    expect(resolved.data!.resolveConversation.status).toBe('RESOLVED');
    expect(errorCode(await gql(stack.port, agent('agt-7'), TAKE_OVER, { id }))).toBe('CONFLICT');
    await turnsHandled(id);
  });
});
