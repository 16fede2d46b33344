import {
  cid,
  CONVERSATION,
  customerTurn,
  errorCode,
  gql,
  MESSAGE_ADDED,
  SEND,
  startStack,
  subscribe,
  token,
  turnsHandled,
  waitFor,
  wsClient,
} from './support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack('agents');
});
afterAll(async () => stack?.stop());

const CLAIM = `mutation($id: ID!) { claimConversation(conversationId: $id) { id status assignee { id } } }`;
const RESOLVE = `mutation($id: ID!, $r: ResolutionInput!) { resolveConversation(conversationId: $id, resolution: $r) { id status resolvedBy } }`;
const RATE = `mutation($id: ID!, $s: Int!) { rateConversation(conversationId: $id, score: $s) { id } }`;
const QUEUE = `{ agentQueue(first: 100) { edges { node { id status sla { deadline } } } } }`;

const created = new Set<string>();
async function escalated(customerId: string, body = 'I want to talk to a human agent about our plan.') {
  const { id, conversation } = await customerTurn(stack.port, token('customer', customerId), null, body);
  expect(conversation.status).toBe('AWAITING_AGENT');
  created.add(id);
  return id;
}

describe('agents take over', () => {
  it('8 concurrent claims from 4 agents (each sends two): one assignee, whose both requests succeed; six CONFLICT naming them', async () => {
    const id = await escalated('cus-16');
    const agents = ['agt-1', 'agt-2', 'agt-3', 'agt-4'];
    const names: Record<string, string> = {
      'agt-1': 'Nina Patel',
      'agt-2': 'Marco Rossi',
      'agt-3': 'Grace Liu',
      'agt-4': 'Samuel Owusu',
    };
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => gql(stack.port, token('agent', agents[i % 4]), CLAIM, { id })),
    );
    const c = (await gql(stack.port, token('agent', 'agt-1'), CONVERSATION, { id })).data!.conversation;
    expect(c.status).toBe('AGENT_ACTIVE');
    const winner = c.assignee.id as string;
    const byWinner = results.filter((_, i) => agents[i % 4] === winner);
    const byOthers = results.filter((_, i) => agents[i % 4] !== winner);
    // The winner's second request is a retry of the same claim: the same success, not CONFLICT.
    expect(byWinner.map((r) => [r.errors, r.data?.claimConversation.assignee.id])).toEqual([
      [undefined, winner],
      [undefined, winner],
    ]);
    expect(byOthers).toHaveLength(6);
    for (const r of byOthers) {
      expect(errorCode(r)).toBe('CONFLICT');
      expect(r.errors![0].message).toBe(`Already claimed by ${names[winner]}`);
      expect(r.errors![0].extensions).toMatchObject({ claimedBy: winner, claimedByName: names[winner] });
    }
  });

  it('a claim retried later by the agent who won answers the same success and changes nothing', async () => {
    const id = await escalated('cus-15');
    const first = await gql(stack.port, token('agent', 'agt-4'), CLAIM, { id });
    expect(first.errors).toBeUndefined();
    await gql(stack.port, token('agent', 'agt-4'), SEND, {
      input: { conversationId: id, body: 'Hi, I am on it.', clientMessageId: cid() },
    });
    const again = await gql(stack.port, token('agent', 'agt-4'), CLAIM, { id });
    expect(again.errors).toBeUndefined();
    expect(again.data!.claimConversation).toEqual(first.data!.claimConversation);
    const other = await gql(stack.port, token('agent', 'agt-2'), CLAIM, { id });
    expect([errorCode(other), other.errors![0].message]).toEqual(['CONFLICT', 'Already claimed by Samuel Owusu']);
  });

  it('closing is for the assignee, a LEAD or an admin: another agent is FORBIDDEN and the conversation stays open', async () => {
    const CLOSE = `mutation($id: ID!) { closeConversation(conversationId: $id) { id status } }`;
    const mine = await escalated('cus-14');
    expect((await gql(stack.port, token('agent', 'agt-3'), CLAIM, { id: mine })).errors).toBeUndefined();
    const denied = await gql(stack.port, token('agent', 'agt-2'), CLOSE, { id: mine });
    expect(errorCode(denied)).toBe('FORBIDDEN');
    expect(denied.errors![0].message).toMatch(/assigned agent, a LEAD or an admin/);
    const still = (await gql(stack.port, token('agent', 'agt-3'), CONVERSATION, { id: mine })).data!.conversation;
    expect(still.status).toBe('AGENT_ACTIVE');
    // A waiting conversation nobody holds: not for a TIER1 agent either.
    const waiting = await escalated('cus-13', 'Please connect me with a support rep.');
    expect(errorCode(await gql(stack.port, token('agent', 'agt-1'), CLOSE, { id: waiting }))).toBe('FORBIDDEN');
    // The assignee, a LEAD and an admin may.
    const closed = (r: { data?: any; errors?: unknown }) => [r.errors, r.data?.closeConversation.status];
    expect(closed(await gql(stack.port, token('agent', 'agt-3'), CLOSE, { id: mine }))).toEqual([undefined, 'CLOSED']);
    expect(closed(await gql(stack.port, token('agent', 'agt-8'), CLOSE, { id: waiting }))).toEqual([
      undefined,
      'CLOSED',
    ]);
    const third = await escalated('cus-12', 'I want to talk to a human agent about our plan.');
    expect(closed(await gql(stack.port, token('admin', 'admin-1'), CLOSE, { id: third }))).toEqual([
      undefined,
      'CLOSED',
    ]);
    // Closed already: still FORBIDDEN for an agent who may not close it (never a success it did not earn).
    expect(errorCode(await gql(stack.port, token('agent', 'agt-2'), CLOSE, { id: mine }))).toBe('FORBIDDEN');
  });

  it('the queue lists what an agent may take, most urgent first, and drops it once claimed', async () => {
    await escalated('cus-05', 'Please connect me with a support rep.');
    const id = await escalated('cus-01');
    const q = (await gql(stack.port, token('agent', 'agt-2'), QUEUE)).data!.agentQueue.edges.map((e: any) => e.node);
    expect(q.map((n: any) => n.id)).toContain(id);
    // Conversations wanting no particular skill are ordered by their claim deadline, earliest first.
    const mine = q.filter((n: any) => created.has(n.id)).map((n: any) => Date.parse(n.sla.deadline));
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(mine).toEqual([...mine].sort((a, b) => a - b));
    // TIER2 may not take a conversation the ladder has not widened to yet.
    const tier2 = (await gql(stack.port, token('agent', 'agt-6'), QUEUE)).data!.agentQueue.edges.map(
      (e: any) => e.node.id,
    );
    expect(tier2).not.toContain(id);
    expect(errorCode(await gql(stack.port, token('agent', 'agt-6'), CLAIM, { id }))).toBe('FORBIDDEN');
    await gql(stack.port, token('agent', 'agt-2'), CLAIM, { id });
    const after = (await gql(stack.port, token('agent', 'agt-4'), QUEUE)).data!.agentQueue.edges.map(
      (e: any) => e.node.id,
    );
    expect(after).not.toContain(id);
  });

  it('while a person owns the conversation the AI stays silent; only the assignee replies', async () => {
    const customer = token('customer', 'cus-02');
    const id = await escalated('cus-02', 'Can I speak with someone from your team?');
    await gql(stack.port, token('agent', 'agt-3'), CLAIM, { id });
    const ws = wsClient(stack.port, customer);
    const sub = subscribe<{ messageAdded: any }>(ws, MESSAGE_ADDED, { id });
    try {
      // Pacing, not proof: the subscription registers before the send (a late one misses CUSTOMER and fails below).
      await new Promise((r) => setTimeout(r, 300));
      const sent = await gql(stack.port, customer, SEND, {
        input: { conversationId: id, body: 'How do I export a dashboard to PDF?', clientMessageId: cid() },
      });
      expect(sent.errors).toBeUndefined();
      // The workflow has handled the customer's turn: an AI answer to it would be stored, and published, by now.
      expect(await turnsHandled(id)).toMatchObject({ status: 'AGENT_ACTIVE', customerTurns: 2, aiReplies: 0 });
      const reply = await gql(stack.port, token('agent', 'agt-3'), SEND, {
        input: {
          conversationId: id,
          body: 'Hi Tom, Grace here. Open the dashboard, then Share, then Export.',
          clientMessageId: cid(),
        },
      });
      expect(reply.errors).toBeUndefined();
      expect(reply.data!.sendMessage.authorKind).toBe('AGENT');
      const other = await gql(stack.port, token('agent', 'agt-1'), SEND, {
        input: { conversationId: id, body: 'me too', clientMessageId: cid() },
      });
      expect(errorCode(other)).toBe('FORBIDDEN');
      // Events arrive in the order they were stored: a wrong AI answer would come before the agent's reply.
      const events = await sub.waitFor((ev) => ev.some((e) => e.messageAdded.authorKind === 'AGENT'));
      expect(events.map((e) => e.messageAdded.authorKind)).toEqual(['CUSTOMER', 'AGENT']);
      const c = (await gql(stack.port, customer, CONVERSATION, { id })).data!.conversation;
      expect(c.messages.edges.map((e: any) => e.node.authorKind)).not.toContain('AI');
    } finally {
      sub.dispose();
      await ws.dispose();
    }
  });

  it('resolve, rate once, reopen back to the same agent', async () => {
    const customer = token('customer', 'cus-03');
    const id = await escalated('cus-03', 'quiero hablar con una persona, por favor');
    await gql(stack.port, token('agent', 'agt-1'), CLAIM, { id });
    await gql(stack.port, token('agent', 'agt-1'), SEND, {
      input: { conversationId: id, body: 'Hola Sofía, ¿en qué puedo ayudarte?', clientMessageId: cid() },
    });
    expect(errorCode(await gql(stack.port, customer, RATE, { id, s: 5 }))).toBe('BAD_USER_INPUT'); // not resolved yet
    expect(errorCode(await gql(stack.port, customer, RESOLVE, { id, r: { summary: 'x' } }))).toBe('FORBIDDEN');
    const resolved = await gql(stack.port, token('agent', 'agt-1'), RESOLVE, {
      id,
      r: { summary: 'Explained CSV limits', category: 'how_to', kbWorthy: false },
    });
    expect(resolved.data!.resolveConversation).toMatchObject({ status: 'RESOLVED', resolvedBy: 'AGENT' });
    expect((await gql(stack.port, customer, RATE, { id, s: 5 })).errors).toBeUndefined();
    expect(errorCode(await gql(stack.port, customer, RATE, { id, s: 4 }))).toBe('CONFLICT');
    expect(errorCode(await gql(stack.port, customer, RATE, { id: id, s: 9 }))).toBe('BAD_USER_INPUT');

    await gql(stack.port, customer, SEND, {
      input: { conversationId: id, body: 'Una pregunta más, por favor', clientMessageId: cid() },
    });
    const reopened = await waitFor(async () => {
      const c = (await gql(stack.port, token('agent', 'agt-1'), CONVERSATION, { id })).data!.conversation;
      return c.status === 'AWAITING_AGENT' ? c : undefined;
    });
    expect(reopened.escalation.reason).toBe('EXPLICIT_REQUEST');
    // First in agt-1's queue, and agt-1 may take it back.
    const q = (await gql(stack.port, token('agent', 'agt-1'), QUEUE)).data!.agentQueue.edges.map((e: any) => e.node.id);
    expect(q[0]).toBe(id);
    expect((await gql(stack.port, token('agent', 'agt-1'), CLAIM, { id })).data!.claimConversation.assignee.id).toBe(
      'agt-1',
    );
  });

  it('transfer to a named agent, and release back to the queue', async () => {
    const id = await escalated('cus-04', 'Is there a human I can chat with?');
    await gql(stack.port, token('agent', 'agt-4'), CLAIM, { id });
    const TRANSFER = `mutation($id: ID!, $to: ID) {
      transferConversation(conversationId: $id, toAgentId: $to, reason: "billing question") { status assignee { id } }
    }`;
    const t = await gql(stack.port, token('agent', 'agt-4'), TRANSFER, { id, to: 'agt-6' });
    expect(t.data!.transferConversation).toEqual({ status: 'AGENT_ACTIVE', assignee: { id: 'agt-6' } });
    expect(errorCode(await gql(stack.port, token('agent', 'agt-4'), TRANSFER, { id, to: 'agt-1' }))).toBe('FORBIDDEN');
    const REL = `mutation($id: ID!) { releaseConversation(conversationId: $id, reason: "end of shift") { status assignee { id } } }`;
    expect((await gql(stack.port, token('agent', 'agt-6'), REL, { id })).data!.releaseConversation).toEqual({
      status: 'AWAITING_AGENT',
      assignee: null,
    });
  });

  it('agents set their status; customers can use none of the agent operations', async () => {
    const STATUS = `mutation { setAgentStatus(status: AWAY) { id status } }`;
    expect((await gql(stack.port, token('agent', 'agt-2'), STATUS)).data!.setAgentStatus).toEqual({
      id: 'agt-2',
      status: 'AWAY',
    });
    const id = await escalated('cus-08');
    const customer = token('customer', 'cus-08');
    expect(errorCode(await gql(stack.port, customer, STATUS))).toBe('FORBIDDEN');
    expect(errorCode(await gql(stack.port, customer, CLAIM, { id }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(stack.port, customer, QUEUE))).toBe('FORBIDDEN');
    expect(errorCode(await gql(stack.port, customer, RESOLVE, { id, r: { summary: 'done' } }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(stack.port, customer, `{ escalationPolicy { version } }`))).toBe('FORBIDDEN');
    expect(
      errorCode(await gql(stack.port, customer, `mutation { updateEscalationPolicy(document: {}) { version } }`)),
    ).toBe('FORBIDDEN');
  });
});

describe('the waiting customer', () => {
  it('sees their place in line move as agents take conversations ahead of them', async () => {
    const ahead = await escalated('cus-20', 'Please have someone from your team call me about SSO.');
    await new Promise((r) => setTimeout(r, 50)); // pacing: a later claim deadline than the one ahead, never the same
    const mine = await escalated('cus-19', 'Could I speak to a person about our renewal?');
    const me = token('customer', 'cus-19');
    const before = (
      await gql(
        stack.port,
        me,
        `query($id: ID!) { conversation(id: $id) { queue { position estimatedWaitSeconds } } }`,
        { id: mine },
      )
    ).data!.conversation.queue;
    expect(before.position).toBeGreaterThanOrEqual(2);
    expect(before.estimatedWaitSeconds).toBeGreaterThan(0);
    const ws = wsClient(stack.port, me);
    const sub = subscribe<{ conversationUpdated: { id: string; queue: { position: number } | null } }>(
      ws,
      `subscription($id: ID!) { conversationUpdated(conversationId: $id) { id queue { position } } }`,
      { id: mine },
    );
    try {
      // Pacing, not proof: the subscription registers before the claim (a late one misses the move and fails below).
      await new Promise((r) => setTimeout(r, 300));
      await gql(stack.port, token('agent', 'agt-2'), CLAIM, { id: ahead });
      const events = await sub.waitFor((ev) =>
        ev.some((e) => (e.conversationUpdated.queue?.position ?? 99) < before.position),
      );
      expect(events.at(-1)!.conversationUpdated.id).toBe(mine);
    } finally {
      sub.dispose();
      await ws.dispose();
    }
  });
});
