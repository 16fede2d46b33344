import { randomUUID } from 'node:crypto';
import {
  customerTurn,
  errorCode,
  gql,
  pg,
  startProcess,
  startStack,
  subscribe,
  token,
  waitFor,
  wsClient,
  type Proc,
} from './support/stack';

/**
 * An admin disables an agent: the agent's requests are refused on both transports with a reason they can show, the
 * WebSockets they hold (their subscriptions) end on every API replica, and enabling them gives it all back.
 */
let stack: Awaited<ReturnType<typeof startStack>>;
let replica: Proc;
const AGENT = `agt-access-${randomUUID().slice(0, 8)}`;
const admin = token('admin', 'admin-1');
const agent = token('agent', AGENT);
const QUEUE = `{ agentQueue(first: 5) { edges { node { id } } } }`;
const DISABLE = `mutation($id: ID!) { disableAgent(agentId: $id) { id disabledAt } }`;
const ENABLE = `mutation($id: ID!) { enableAgent(agentId: $id) { id disabledAt } }`;
const CLAIM = `mutation($id: ID!) { claimConversation(conversationId: $id) { id } }`;
const TRANSFER = `mutation($id: ID!, $to: ID!) { transferConversation(conversationId: $id, toAgentId: $to, reason: "shift ends") { id } }`;

beforeAll(async () => {
  const db = await pg();
  try {
    await db.query(
      `INSERT INTO agents (id, name, email, tier, skills) VALUES ($1, 'Ada Access', $2, 'TIER1', '{billing}')`,
      [AGENT, `${AGENT}@example.com`],
    );
  } finally {
    await db.end();
  }
  stack = await startStack('agent-access');
  // A second API replica on the same database: the disabling must reach sockets held there (pg_notify).
  replica = await startProcess('api', stack.env);
});
afterAll(async () => {
  await replica?.stop();
  await stack?.stop();
  const db = await pg();
  await db.query('DELETE FROM agents WHERE id = $1', [AGENT]).finally(() => db.end());
});

/** The close code a graphql-ws client saw, once it saw one. */
const closeCode = (errors: unknown[]) => (errors.find((e) => (e as { code?: number }).code) as { code: number })?.code;

describe('disabling an agent', () => {
  it('ends their open subscriptions on every replica, refuses them on HTTP and WebSocket, and enabling restores them', async () => {
    expect((await gql(stack.port, agent, QUEUE)).errors).toBeUndefined();
    // Open subscriptions on both replicas, before the disabling.
    const here = wsClient(stack.port, agent);
    const there = wsClient(replica.port!, agent);
    const subs = [here, there].map((c) =>
      subscribe(c, `subscription { agentQueueChanged { change conversation { id } } }`, {}),
    );
    try {
      // Each is accepted and quiet (a refused one answers at once).
      await new Promise((r) => setTimeout(r, 1000));
      expect(subs.map((s) => s.errors)).toEqual([[], []]);

      // Only an admin disables; then the row says when.
      expect(errorCode(await gql(stack.port, token('agent', 'agt-7'), DISABLE, { id: AGENT }))).toBe('FORBIDDEN');
      const disabled = await gql(stack.port, admin, DISABLE, { id: AGENT });
      expect(disabled.errors).toBeUndefined();
      expect(Date.parse(disabled.data!.disableAgent.disabledAt)).toBeGreaterThan(Date.now() - 60_000);

      // Both sockets are closed with 4403, on this replica and the other one.
      await waitFor(
        () => subs.every((s) => closeCode(s.errors) === 4403),
        10_000,
        () => JSON.stringify(subs.map((s) => s.errors)),
      );

      // HTTP: 403 FORBIDDEN with the reason, on either replica.
      for (const port of [stack.port, replica.port!]) {
        const r = await gql(port, agent, QUEUE);
        expect(r.status).toBe(403);
        expect(r.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN', reason: 'AGENT_DISABLED' } });
        expect(r.errors![0].message).toMatch(new RegExp(`agent ${AGENT} is disabled`));
      }
      // A new WebSocket is refused at connect (4403) whatever it asks for.
      const late = wsClient(stack.port, agent);
      const refused = subscribe(late, QUEUE, {});
      await waitFor(() => closeCode(refused.errors) === 4403, 10_000);
      await late.dispose();
      // Disabling twice keeps the first time.
      const again = await gql(stack.port, admin, DISABLE, { id: AGENT });
      expect(again.data!.disableAgent.disabledAt).toBe(disabled.data!.disableAgent.disabledAt);
    } finally {
      subs.forEach((s) => s.dispose());
      await Promise.all([here.dispose(), there.dispose()]);
    }

    // Enabled again: every transport answers as before.
    expect((await gql(stack.port, admin, ENABLE, { id: AGENT })).data!.enableAgent).toEqual({
      id: AGENT,
      disabledAt: null,
    });
    expect((await gql(replica.port!, agent, QUEUE)).errors).toBeUndefined();
    const back = wsClient(stack.port, agent);
    const q = subscribe(back, QUEUE, {});
    try {
      await q.waitFor((e) => e.length > 0, 10_000);
      expect(q.errors).toEqual([]);
    } finally {
      q.dispose();
      await back.dispose();
    }
  });

  it('refuses the next operation on an open socket even when this replica missed the notification', async () => {
    const ws = wsClient(replica.port!, agent);
    const first = subscribe(ws, QUEUE, {});
    const db = await pg();
    try {
      await first.waitFor((e) => e.length > 0, 10_000); // connected and answering
      // Disabled behind the API's back: no pg_notify, as if the replica's LISTEN had been reconnecting.
      await db.query('UPDATE agents SET disabled_at = now() WHERE id = $1', [AGENT]);
      const next = subscribe(ws, QUEUE, {});
      // The operation checks the database, is refused, and the socket is closed with 4403.
      await waitFor(
        () => closeCode(next.errors) === 4403,
        10_000,
        () => JSON.stringify(next.errors),
      );
      expect(next.events).toEqual([]);
    } finally {
      await db.query('UPDATE agents SET disabled_at = NULL WHERE id = $1', [AGENT]);
      await db.end();
      await ws.dispose();
    }
  });

  it('refuses a transfer to a disabled agent', async () => {
    const { id } = await customerTurn(stack.port, token('customer', 'cus-19'), null, 'Can I talk to a person, please?');
    expect((await gql(stack.port, token('agent', 'agt-1'), CLAIM, { id })).errors).toBeUndefined();
    await gql(stack.port, admin, DISABLE, { id: AGENT });
    try {
      const r = await gql(stack.port, token('agent', 'agt-1'), TRANSFER, { id, to: AGENT });
      expect([errorCode(r), r.errors![0].message]).toEqual(['BAD_USER_INPUT', `agent ${AGENT} is disabled`]);
    } finally {
      await gql(stack.port, admin, ENABLE, { id: AGENT });
    }
  });

  it('answers NOT_FOUND for an agent that does not exist', async () => {
    expect(errorCode(await gql(stack.port, admin, DISABLE, { id: 'agt-nobody' }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(stack.port, admin, ENABLE, { id: 'agt-nobody' }))).toBe('NOT_FOUND');
  });
});
