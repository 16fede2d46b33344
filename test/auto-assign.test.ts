import type { Client as PgClient } from 'pg';
import {
  customerTurn,
  errorCode,
  gql,
  pg,
  type Proc,
  startProcess,
  startStack,
  staffToken,
  token,
  waitFor,
} from './support/stack';
import { parkOthersWaiting, restoreAgents, saveAgents, type SavedAgent } from './support/routing';

/**
 * The escalation policy's optional auto-assignment, end to end (API, worker, Temporal, PostgreSQL): with it on, an
 * escalated conversation is handed through the workflow's claim to the free online agent, not to the one at their
 * capacity nor to the offline one; the claim is in the workflow's history like an agent's own. A conversation that
 * found nobody free waits, and is handed out when an agent comes online or frees a slot (exactly once, with two API
 * replicas hearing the same event), or by the periodic sweep when the event was missed.
 */
type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let db: PgClient;
let original: unknown;
let saved: SavedAgent[];
/** A second API replica, when a test starts one. */
let replica: Proc | null = null;
let unpark: (() => Promise<void>) | undefined;

const POLICY = `{ escalationPolicy { version document } }`;
const UPDATE = `mutation($d: JSON!) { updateEscalationPolicy(document: $d) { version } }`;
const PROBLEMS = `query($d: JSON!) { escalationPolicyProblems(document: $d) { path message } }`;
const READ = `query($id: ID!) { conversation(id: $id) { status assignee { id } } }`;
const UPDATE_AGENT = `mutation($id: ID!, $p: AgentProfileInput!) { updateAgent(agentId: $id, profile: $p) { capacity } }`;
const RESOLVE = `mutation($id: ID!) { resolveConversation(conversationId: $id, resolution: { summary: "Answered." }) { status } }`;
const SET_STATUS = `mutation($s: AgentStatus!) { setAgentStatus(status: $s) { status } }`;
const CLAIM = `mutation($id: ID!) { claimConversation(conversationId: $id) { status } }`;
const NOTIFICATIONS = `{ notifications(first: 50) { edges { node { kind conversationId message } } } }`;

/** What the agent's notifications say about this conversation's assignment (as the console's bell lists them). */
async function assignedNotices(agentId: string, conversationId: string): Promise<string[]> {
  const r = await gql(stack.port, token('agent', agentId), NOTIFICATIONS);
  expect(r.errors).toBeUndefined();
  const nodes: Array<{ kind: string; conversationId: string | null; message: string }> =
    r.data!.notifications.edges.map((e: { node: unknown }) => e.node);
  return nodes.filter((n) => n.kind === 'ASSIGNED' && n.conversationId === conversationId).map((n) => n.message);
}

beforeAll(async () => {
  // No periodic sweep on this API: what hands a waiting conversation out below is the event, not a timer.
  stack = await startStack('auto-assign', { AUTO_ASSIGN_SWEEP_SECONDS: '0' });
  db = await pg();
  saved = await saveAgents(db);
  original = (await gql(stack.port, staffToken(), POLICY)).data!.escalationPolicy.document;
  unpark = await parkOthersWaiting(db);
});
afterAll(async () => {
  await replica?.stop();
  // The database is shared with the other test files of this jest worker: leave the policy and agents as they were.
  if (original) await gql(stack.port, staffToken(), UPDATE, { d: original });
  await restoreAgents(db, saved);
  await unpark?.();
  await db?.end();
  await stack?.stop();
});

it('is a policy option: off when absent (old documents stay valid), validated when present', async () => {
  expect((original as { autoAssign?: unknown }).autoAssign).toBeUndefined();
  expect((await gql(stack.port, staffToken(), PROBLEMS, { d: original })).data!.escalationPolicyProblems).toEqual([]);
  const bad = { ...(original as object), autoAssign: { enabled: 'yes' } };
  expect((await gql(stack.port, staffToken(), PROBLEMS, { d: bad })).data!.escalationPolicyProblems).toEqual([
    { path: 'autoAssign.enabled', message: 'must be true or false' },
  ]);
  expect(errorCode(await gql(stack.port, staffToken(), UPDATE, { d: bad }))).toBe('BAD_USER_INPUT');
});

it('hands an escalated conversation to the free online agent, not the one at capacity nor the offline one', async () => {
  // Three Tier 1 agents: agt-1 online but at capacity (and first in the round robin), agt-2 offline, agt-3 free.
  await db.query(`UPDATE agents SET status = 'OFFLINE'`);
  const [{ n }] = (
    await db.query(
      `SELECT count(*)::int AS n FROM conversations WHERE assignee_id = 'agt-1' AND status = 'AGENT_ACTIVE'`,
    )
  ).rows;
  await db.query(`UPDATE agents SET status = 'ONLINE', capacity = $1, last_assigned_at = NULL WHERE id = 'agt-1'`, [n]);
  await db.query(`UPDATE agents SET last_assigned_at = NULL WHERE id = 'agt-2'`);
  await db.query(`UPDATE agents SET status = 'ONLINE', capacity = NULL, last_assigned_at = now() WHERE id = 'agt-3'`);
  const on = { ...(original as object), autoAssign: { enabled: true } };
  expect((await gql(stack.port, staffToken(), UPDATE, { d: on })).errors).toBeUndefined();

  const { id } = await customerTurn(
    stack.port,
    token('customer', 'cus-04'),
    null,
    'I want to talk to a human agent, please.',
  );
  const assigned = await waitFor(async () => {
    const c = (await gql(stack.port, staffToken(), READ, { id })).data!.conversation;
    return c.status === 'AGENT_ACTIVE' ? c : undefined;
  }, 30_000);
  expect(assigned.assignee).toEqual({ id: 'agt-3' });
  const events = (
    await db.query(`SELECT kind, data FROM conversation_events WHERE conversation_id = $1 AND kind = 'claimed'`, [id])
  ).rows;
  expect(events).toHaveLength(1);
  // The conversation's record and the agent's notification say that nobody claimed it: it was assigned automatically.
  expect(events[0].data).toEqual({ agentId: 'agt-3', cycle: expect.any(Number), auto: true });
  expect(await assignedNotices('agt-3', id)).toEqual(['Assigned to you automatically']);
  // agt-3's turn in the round robin moved.
  const [{ last }] = (await db.query(`SELECT last_assigned_at AS last FROM agents WHERE id = 'agt-3'`)).rows;
  expect(Date.now() - new Date(last).getTime()).toBeLessThan(60_000);
});

/** The conversation once it is AGENT_ACTIVE (its assignee), within the time given. */
async function assignedWithin(id: string, ms: number): Promise<{ status: string; assignee: { id: string } }> {
  return waitFor(async () => {
    const c = (await gql(stack.port, staffToken(), READ, { id })).data!.conversation;
    return c.status === 'AGENT_ACTIVE' ? c : undefined;
  }, ms);
}

async function claims(id: string): Promise<Array<{ agentId: string }>> {
  const rows = (
    await db.query(`SELECT data FROM conversation_events WHERE conversation_id = $1 AND kind = 'claimed'`, [id])
  ).rows;
  return rows.map((r) => r.data);
}

const openOf = async (agentId: string): Promise<number> =>
  (
    await db.query(`SELECT count(*)::int AS n FROM conversations WHERE assignee_id = $1 AND status = 'AGENT_ACTIVE'`, [
      agentId,
    ])
  ).rows[0].n;

/** An escalation nobody may take now: it stays waiting (its AI turn done, the queue move's attempt found no one). */
async function waitingEscalation(customer: string): Promise<string> {
  const { id } = await customerTurn(stack.port, token('customer', customer), null, 'Can I talk to a person, please?');
  // The queue move's own attempt has run by the time the customer is told their place in line; give it a moment more.
  await new Promise((r) => setTimeout(r, 1500));
  expect((await gql(stack.port, staffToken(), READ, { id })).data!.conversation).toEqual({
    status: 'AWAITING_AGENT',
    assignee: null,
  });
  return id;
}

async function autoAssignOn(): Promise<void> {
  const on = { ...(original as object), autoAssign: { enabled: true } };
  expect((await gql(stack.port, staffToken(), UPDATE, { d: on })).errors).toBeUndefined();
}

describe('conversations already waiting are handed out when an agent may take more', () => {
  it('when an agent comes online', async () => {
    await autoAssignOn();
    await db.query(`UPDATE agents SET status = 'OFFLINE'`);
    const id = await waitingEscalation('cus-05');

    // Marco (agt-2, no capacity limit) comes online through the API: the waiting conversation becomes his.
    await db.query(`UPDATE agents SET capacity = NULL WHERE id = 'agt-2'`);
    const r = await gql(stack.port, token('agent', 'agt-2'), SET_STATUS, { s: 'ONLINE' });
    expect(r.errors).toBeUndefined();
    expect((await assignedWithin(id, 15_000)).assignee).toEqual({ id: 'agt-2' });
    expect(await claims(id)).toEqual([expect.objectContaining({ agentId: 'agt-2' })]);
  });

  it('when an agent at capacity frees a slot, once, though two API replicas hear it', async () => {
    await autoAssignOn();
    await db.query(`UPDATE agents SET status = 'OFFLINE'`);
    // Grace (agt-3) online without a limit takes a first conversation…
    await db.query(`UPDATE agents SET status = 'ONLINE', capacity = NULL WHERE id = 'agt-3'`);
    const { id: first } = await customerTurn(
      stack.port,
      token('customer', 'cus-06'),
      null,
      'I want to talk to a human agent, please.',
    );
    expect((await assignedWithin(first, 30_000)).assignee).toEqual({ id: 'agt-3' });
    // …then an admin sets her capacity to what she holds: the next escalation finds nobody free and waits.
    const held = await openOf('agt-3');
    const set = await gql(stack.port, staffToken(), UPDATE_AGENT, { id: 'agt-3', p: { capacity: held } });
    expect(set.errors).toBeUndefined();
    const second = await waitingEscalation('cus-07');

    // A second replica listens too: both hear the resolution below and both sweep.
    replica = await startProcess('api', { ...stack.env, AUTO_ASSIGN_SWEEP_SECONDS: '0' });
    const resolved = await gql(stack.port, token('agent', 'agt-3'), RESOLVE, { id: first });
    expect(resolved.errors).toBeUndefined();
    expect((await assignedWithin(second, 15_000)).assignee).toEqual({ id: 'agt-3' });
    // Both replicas' sweeps have run by now (they start 200 ms after the event); one claim is recorded.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await claims(second)).toEqual([expect.objectContaining({ agentId: 'agt-3' })]);
    expect(await openOf('agt-3')).toBe(held);
    await replica.stop();
    replica = null;
  });

  it('by the periodic sweep when the change came with no event (a status written elsewhere)', async () => {
    await autoAssignOn();
    await db.query(`UPDATE agents SET status = 'OFFLINE'`);
    const id = await waitingEscalation('cus-08');
    // A replica sweeping every second; the agent comes online behind every API's back (no event at all).
    replica = await startProcess('api', { ...stack.env, AUTO_ASSIGN_SWEEP_SECONDS: '1' });
    await db.query(`UPDATE agents SET status = 'ONLINE', capacity = NULL WHERE id = 'agt-4'`);
    expect((await assignedWithin(id, 15_000)).assignee).toEqual({ id: 'agt-4' });
    expect(await claims(id)).toEqual([expect.objectContaining({ agentId: 'agt-4' })]);
  });

  it('leaves waiting conversations alone while the policy has auto-assignment off', async () => {
    expect((await gql(stack.port, staffToken(), UPDATE, { d: original })).errors).toBeUndefined();
    await db.query(`UPDATE agents SET status = 'OFFLINE'`);
    const id = await waitingEscalation('cus-03');
    const r = await gql(stack.port, token('agent', 'agt-2'), SET_STATUS, { s: 'ONLINE' });
    expect(r.errors).toBeUndefined();
    // The replica still sweeps every second: a few sweeps later the conversation is still waiting, unclaimed.
    await new Promise((r) => setTimeout(r, 3000));
    expect((await gql(stack.port, staffToken(), READ, { id })).data!.conversation).toEqual({
      status: 'AWAITING_AGENT',
      assignee: null,
    });
    expect(await claims(id)).toEqual([]);

    // An agent's own claim still reads as one.
    await db.query(`UPDATE agents SET capacity = NULL WHERE id = 'agt-2'`);
    expect((await gql(stack.port, token('agent', 'agt-2'), CLAIM, { id })).errors).toBeUndefined();
    expect(await claims(id)).toEqual([{ agentId: 'agt-2', cycle: expect.any(Number) }]);
    expect(await assignedNotices('agt-2', id)).toEqual(['Assigned to you: claimed']);
  });
});
