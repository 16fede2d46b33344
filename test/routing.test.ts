import { customerTurn, errorCode, gql, pg, startStack, staffToken, subscribe, token, wsClient } from './support/stack';

/**
 * Routing counts who is online and how busy they are, end to end (API, worker, Temporal, PostgreSQL): an agent at
 * their capacity cannot claim more, even with claims sent at once (a row lock on the agent serialises them), and is
 * not offered new conversations live; an offline agent is not notified at all.
 */
type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;

const CLAIM = `mutation($id: ID!) { claimConversation(conversationId: $id) { id assignee { id } } }`;
const CAPACITY = `mutation($a: ID!, $c: Int) { setAgentCapacity(agentId: $a, capacity: $c) { id capacity } }`;
const STATUS = `mutation($s: AgentStatus!) { setAgentStatus(status: $s) { id status } }`;
const RESOLVE = `mutation($id: ID!) { resolveConversation(conversationId: $id, resolution: { summary: "done" }) { status } }`;
const agent = (id: string) => token('agent', id);

beforeAll(async () => {
  stack = await startStack('routing');
});
afterAll(async () => {
  // The database is shared with the other test files of this jest worker: leave the agents as seeded.
  if (stack) {
    for (const id of ['agt-2', 'agt-4']) await gql(stack.port, staffToken(), CAPACITY, { a: id, c: null });
    for (const id of ['agt-1', 'agt-2', 'agt-4']) await gql(stack.port, agent(id), STATUS, { s: 'OFFLINE' });
  }
  await stack?.stop();
});

async function escalated(customerId: string): Promise<string> {
  const { id, conversation } = await customerTurn(
    stack.port,
    token('customer', customerId),
    null,
    'I want to talk to a human agent, please.',
  );
  expect(conversation.status).toBe('AWAITING_AGENT');
  return id;
}

describe('agent capacity', () => {
  it('is set by admins only, and validated', async () => {
    const set = await gql(stack.port, staffToken(), CAPACITY, { a: 'agt-4', c: 2 });
    expect(set.data!.setAgentCapacity).toEqual({ id: 'agt-4', capacity: 2 });
    expect(errorCode(await gql(stack.port, agent('agt-7'), CAPACITY, { a: 'agt-4', c: 9 }))).toBe('FORBIDDEN');
    const bad = await gql(stack.port, staffToken(), CAPACITY, { a: 'agt-4', c: -1 });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(stack.port, staffToken(), CAPACITY, { a: 'agt-none', c: 1 }))).toBe('NOT_FOUND');
  });

  it('holds under concurrent claims: an agent with room for 2 who claims 4 at once gets exactly 2', async () => {
    // Other test files of this jest worker may have left agt-4 with conversations: room for 2 more.
    const db = await pg();
    const [{ n }] = (
      await db.query(
        `SELECT count(*)::int AS n FROM conversations WHERE assignee_id = 'agt-4' AND status = 'AGENT_ACTIVE'`,
      )
    ).rows;
    await db.end();
    const capacity = n + 2;
    await gql(stack.port, staffToken(), CAPACITY, { a: 'agt-4', c: capacity });
    const ids = await Promise.all(['cus-05', 'cus-07', 'cus-08', 'cus-09'].map(escalated));
    const results = await Promise.all(ids.map((id) => gql(stack.port, agent('agt-4'), CLAIM, { id })));
    const won = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors);
    expect(won).toHaveLength(2);
    expect(refused.map((r) => [errorCode(r), (r.errors![0].extensions as any)?.reason])).toEqual([
      ['CONFLICT', 'AT_CAPACITY'],
      ['CONFLICT', 'AT_CAPACITY'],
    ]);
    expect(refused[0].errors![0].message).toContain(`You are at your capacity (${capacity} open conversations)`);
    // A retried claim of one the agent holds answers the same success, capacity or not.
    const mine = won[0].data!.claimConversation.id as string;
    expect((await gql(stack.port, agent('agt-4'), CLAIM, { id: mine })).errors).toBeUndefined();
    // Another agent takes a refused one; once agt-4 resolves one, they have room again.
    const left = ids.filter((id) => !won.some((w) => w.data!.claimConversation.id === id));
    expect((await gql(stack.port, agent('agt-2'), CLAIM, { id: left[0] })).errors).toBeUndefined();
    expect((await gql(stack.port, agent('agt-4'), RESOLVE, { id: mine })).data!.resolveConversation.status).toBe(
      'RESOLVED',
    );
    const again = await gql(stack.port, agent('agt-4'), CLAIM, { id: left[1] });
    expect(again.errors).toBeUndefined();
    expect(again.data!.claimConversation.assignee.id).toBe('agt-4');
  });

  it('offers a new conversation live to the free online agent, not to the one at capacity, nor to an offline one', async () => {
    // agt-4 is at capacity (above); agt-2 is free; agt-1 stays offline. All three are Tier 1.
    await gql(stack.port, staffToken(), CAPACITY, { a: 'agt-2', c: null }); // no limit
    for (const id of ['agt-2', 'agt-4']) await gql(stack.port, agent(id), STATUS, { s: 'ONLINE' });
    await gql(stack.port, agent('agt-1'), STATUS, { s: 'OFFLINE' });
    const LIVE = 'subscription { notificationAdded { kind conversationId } }';
    const sockets = ['agt-1', 'agt-2', 'agt-4'].map((id) => wsClient(stack.port, agent(id)));
    const [offline, free, full] = sockets.map((ws) => subscribe<any>(ws, LIVE, {}));
    try {
      await new Promise((r) => setTimeout(r, 500)); // the subscriptions are registered
      const id = await escalated('cus-10');
      await free.waitFor((e) => e.some((n) => n.notificationAdded.conversationId === id));
      await new Promise((r) => setTimeout(r, 1500)); // what would have reached the others has arrived by now
      expect(full.events.filter((n: any) => n.notificationAdded.conversationId === id)).toEqual([]);
      expect(offline.events.filter((n: any) => n.notificationAdded.conversationId === id)).toEqual([]);
      // Their claim is refused too; the free agent's succeeds.
      const refused = await gql(stack.port, agent('agt-4'), CLAIM, { id });
      expect((refused.errors![0].extensions as any)?.reason).toBe('AT_CAPACITY');
      expect((await gql(stack.port, agent('agt-2'), CLAIM, { id })).errors).toBeUndefined();
    } finally {
      for (const s of [offline, free, full]) s.dispose();
      await Promise.all(sockets.map((ws) => ws.dispose()));
    }
  });
});

describe('a claim while the workflow is behind what the queue shows', () => {
  it('waits for the workflow to catch up instead of refusing what the agent saw waiting', async () => {
    // A worker that dies after a workflow task wrote its rows (local activities) but before the task completed
    // leaves the read model ahead: the queue shows the conversation waiting while its workflow, redone by another
    // worker from the history, has not queued it yet. Here the row is set ahead by hand; the customer's request for
    // a person then brings the workflow to the same place.
    const { id, reply } = await customerTurn(
      stack.port,
      token('customer', 'cus-06'),
      null,
      'How do I export a dashboard to PDF?',
    );
    expect(reply.authorKind).toBe('AI');
    const db = await pg();
    try {
      await db.query(`UPDATE conversations SET status = 'AWAITING_AGENT' WHERE id = $1`, [id]);
    } finally {
      await db.end();
    }
    let settled = false;
    const claim = gql(stack.port, agent('agt-2'), CLAIM, { id }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 1000));
    expect(settled).toBe(false); // not refused: it waits
    await customerTurn(stack.port, token('customer', 'cus-06'), id, 'I want to talk to a human agent, please.');
    const won = await claim;
    expect(won.errors).toBeUndefined();
    expect(won.data!.claimConversation.assignee.id).toBe('agt-2');
  });
});
