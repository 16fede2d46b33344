import type { Client as PgClient } from 'pg';
import { customerTurn, errorCode, gql, pg, startStack, staffToken, token, waitFor } from './support/stack';

/**
 * The escalation policy's optional auto-assignment, end to end (API, worker, Temporal, PostgreSQL): with it on, an
 * escalated conversation is handed through the workflow's claim to the free online agent, not to the one at their
 * capacity nor to the offline one; the claim is in the workflow's history like an agent's own.
 */
type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let db: PgClient;
let original: unknown;
let saved: Array<{ id: string; status: string; capacity: number | null; last_assigned_at: Date | null }>;

const POLICY = `{ escalationPolicy { version document } }`;
const UPDATE = `mutation($d: JSON!) { updateEscalationPolicy(document: $d) { version } }`;
const PROBLEMS = `query($d: JSON!) { escalationPolicyProblems(document: $d) { path message } }`;
const READ = `query($id: ID!) { conversation(id: $id) { status assignee { id } } }`;

beforeAll(async () => {
  stack = await startStack('auto-assign');
  db = await pg();
  saved = (await db.query('SELECT id, status, capacity, last_assigned_at FROM agents')).rows;
  original = (await gql(stack.port, staffToken(), POLICY)).data!.escalationPolicy.document;
});
afterAll(async () => {
  // The database is shared with the other test files of this jest worker: leave the policy and agents as they were.
  if (original) await gql(stack.port, staffToken(), UPDATE, { d: original });
  for (const a of saved ?? [])
    await db.query('UPDATE agents SET status = $2, capacity = $3, last_assigned_at = $4 WHERE id = $1', [
      a.id,
      a.status,
      a.capacity,
      a.last_assigned_at,
    ]);
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
  expect(events[0].data).toMatchObject({ agentId: 'agt-3' });
  // agt-3's turn in the round robin moved.
  const [{ last }] = (await db.query(`SELECT last_assigned_at AS last FROM agents WHERE id = 'agt-3'`)).rows;
  expect(Date.now() - new Date(last).getTime()).toBeLessThan(60_000);
});
