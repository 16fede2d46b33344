import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client as WsClient } from 'graphql-ws';
import { buildSupportSchema } from '../schema/build-schema';
import { randomUUID } from 'node:crypto';
import { cid, customerTurn, gql, pg, START, startStack, subscribe, token, wsClient } from './support/stack';

/**
 * The authorization matrix (test/fixtures/authz-matrix.json): every query, mutation and subscription of the schema ×
 * every kind of caller × HTTP and WebSocket, each with the outcome written down. An operation added to the schema
 * without a rule there fails the first test.
 */
interface Rule {
  document: string;
  variables?: Record<string, string>;
  expect: Record<string, string>;
}
const matrix = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'authz-matrix.json'), 'utf8')) as {
  roles: string[];
  operations: Record<string, Rule>;
};
const ROLES = matrix.roles;

const DISABLED_AGENT = `agt-disabled-${randomUUID().slice(0, 8)}`;
const tokens: Record<string, string | null> = {
  anonymous: null,
  customer: token('customer', 'cus-13'),
  otherCustomer: token('customer', 'cus-14'),
  agent: token('agent', 'agt-2'), // TIER1
  lead: token('agent', 'agt-7'), // LEAD
  admin: token('admin', 'admin-1'),
  // A valid token of an agent an admin disabled (a row this file plants, a LEAD with every skill): refused everywhere.
  disabledAgent: token('agent', DISABLED_AGENT),
};

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let own: string;
const fresh = new Map<string, string>();
const MISSING = '00000000-0000-4000-8000-00000000beef';

async function startFor(customer: string, body: string): Promise<string> {
  const r = await gql(stack.port, tokens[customer], START, { input: { body, clientMessageId: cid() } });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.startConversation.id;
}

beforeAll(async () => {
  const db = await pg();
  try {
    await db.query(
      `INSERT INTO agents (id, name, email, tier, skills, on_call, disabled_at, disabled_by)
       VALUES ($1, 'Dee Sabled', $2, 'LEAD', '{billing,technical,security}', true, now(), 'admin-1')`,
      [DISABLED_AGENT, `${DISABLED_AGENT}@example.com`],
    );
  } finally {
    await db.end();
  }
  stack = await startStack('authz-matrix');
  const names = new Set(
    Object.values(matrix.operations).flatMap((rule) =>
      Object.values(rule.variables ?? {}).flatMap((v) => /^\{\{fresh:(\w+)\}\}$/.exec(v)?.[1] ?? []),
    ),
  );
  // Independent conversations of one customer: started together.
  [own] = await Promise.all([
    startFor('customer', 'How do I export a dashboard to PDF?'),
    ...[...names].map(async (n) => fresh.set(n, await startFor('customer', 'How do I share a dashboard?'))),
  ]);
});
afterAll(async () => {
  await stack?.stop();
  const db = await pg();
  await db.query('DELETE FROM agents WHERE id = $1', [DISABLED_AGENT]).finally(() => db.end());
});

function variablesOf(rule: Rule): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rule.variables ?? {})) {
    const f = /^\{\{fresh:(\w+)\}\}$/.exec(v);
    out[k] = v === '{{own}}' ? own : v === '{{missing}}' ? MISSING : v === '{{cid}}' ? cid() : f ? fresh.get(f[1]) : v;
  }
  return out;
}

const fieldOf = (name: string) => name.split('.')[1];
const kindOf = (name: string) => name.split('.')[0];

/** OK, NULL or the first error's code. */
function outcome(field: string, data: Record<string, unknown> | null | undefined, errors: unknown[]): string {
  const first = errors.flat()[0] as { extensions?: { code?: string }; code?: number } | undefined;
  if (first) return first.extensions?.code ?? (first.code ? `CLOSED_${first.code}` : 'ERROR');
  return data?.[field] === null ? 'NULL' : 'OK';
}

it('has an explicit rule for every operation in the schema, for every caller, and none for operations that do not exist', async () => {
  const schema = await buildSupportSchema();
  const inSchema = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) =>
    Object.keys(t?.getFields() ?? {}).map((f) => `${t!.name}.${f}`),
  );
  expect(Object.keys(matrix.operations).sort()).toEqual(inSchema.sort());
  for (const [name, rule] of Object.entries(matrix.operations)) {
    expect([name, Object.keys(rule.expect).sort()]).toEqual([name, [...ROLES].sort()]);
    expect(rule.document).toContain(fieldOf(name));
  }
});

const httpOps = Object.keys(matrix.operations).filter((n) => kindOf(n) !== 'Subscription');
const subscriptionOps = Object.keys(matrix.operations).filter((n) => kindOf(n) === 'Subscription');

describe('over HTTP', () => {
  it.each(httpOps)('%s', async (name) => {
    const rule = matrix.operations[name];
    const seen: Record<string, string> = {};
    for (const role of ROLES) {
      const r = await gql(stack.port, tokens[role], rule.document, variablesOf(rule));
      seen[role] = outcome(fieldOf(name), r.data, r.errors ?? []);
    }
    expect(seen).toEqual(rule.expect);
  });

  it('refuses every subscription (they run over WebSocket only), for every caller', async () => {
    for (const name of subscriptionOps)
      for (const role of ROLES) {
        const r = await gql(
          stack.port,
          tokens[role],
          matrix.operations[name].document,
          variablesOf(matrix.operations[name]),
        );
        expect([name, role, r.data ?? null, (r.errors ?? []).length > 0]).toEqual([name, role, null, true]);
      }
  });
});

describe('over WebSocket', () => {
  const clients = new Map<string, WsClient>();
  const clientFor = (role: string) => {
    let c = clients.get(role);
    if (!c) clients.set(role, (c = wsClient(stack.port, tokens[role])));
    return c;
  };
  afterAll(async () => {
    for (const c of clients.values()) await c.dispose();
  });

  /** Callers refused at connect: their column holds what HTTP answers (above). */
  const refusedAtConnect = new Set(['anonymous', 'disabledAgent']);

  /** One operation: its outcome once it answers; a subscription that stays quiet and error-free is OK. */
  async function overWs(role: string, name: string): Promise<string> {
    const rule = matrix.operations[name];
    const once = refusedAtConnect.has(role); // a refused connection is not reused
    const client = once ? wsClient(stack.port, tokens[role]) : clientFor(role);
    const sub = subscribe<Record<string, unknown>>(client, rule.document, variablesOf(rule));
    try {
      // A refused subscription answers at once; one that is accepted stays quiet until something happens.
      const quietMs = kindOf(name) === 'Subscription' ? 1500 : 15_000;
      const answered = await sub
        .waitFor((events, errors) => events.length > 0 || errors.length > 0, quietMs)
        .then(() => true)
        .catch(() => false);
      if (!answered && kindOf(name) !== 'Subscription') return 'NO_ANSWER';
      return outcome(fieldOf(name), sub.events[0], sub.errors);
    } finally {
      sub.dispose();
      // A refused connection's dispose may reject with the close event it was refused with: nothing is left to close.
      if (once) await Promise.resolve(client.dispose()).catch(() => undefined);
    }
  }

  it('refuses a connection without a token (4401) whatever it asks for', async () => {
    const seen = await Promise.all(Object.keys(matrix.operations).map((n) => overWs('anonymous', n)));
    expect(new Set(seen)).toEqual(new Set(['CLOSED_4401']));
  });

  it("refuses a disabled agent's connection (4403) whatever it asks for", async () => {
    const seen = await Promise.all(Object.keys(matrix.operations).map((n) => overWs('disabledAgent', n)));
    expect(new Set(seen)).toEqual(new Set(['CLOSED_4403']));
  });

  /**
   * Every subscription × caller at once, started by the first subscription test: each only waits to see it stays
   * quiet, and none changes anything, so the quiet periods can overlap instead of adding up.
   */
  let allSubscriptions: Promise<Record<string, Record<string, string>>> | undefined;
  const subscriptionOutcomes = () =>
    (allSubscriptions ??= (async () => {
      const roles = ROLES.filter((r) => !refusedAtConnect.has(r));
      const pairs = subscriptionOps.flatMap((name) => roles.map((role) => [name, role] as const));
      const outcomes = await Promise.all(pairs.map(([name, role]) => overWs(role, name)));
      const out: Record<string, Record<string, string>> = {};
      pairs.forEach(([name, role], i) => ((out[name] ??= {})[role] = outcomes[i]));
      return out;
    })());

  it.each(Object.keys(matrix.operations))('%s', async (name) => {
    const rule = matrix.operations[name];
    const seen: Record<string, string> = { anonymous: rule.expect.anonymous, disabledAgent: rule.expect.disabledAgent };
    const roles = ROLES.filter((r) => !refusedAtConnect.has(r));
    // Subscriptions in parallel (each waits to see it stays quiet); queries and mutations in the matrix's order.
    if (kindOf(name) === 'Subscription') Object.assign(seen, await subscriptionOutcomes().then((all) => all[name]));
    else for (const role of roles) seen[role] = await overWs(role, name);
    expect(seen).toEqual(rule.expect);
  });
});

describe('what a customer sees of a conversation a person took', () => {
  const READ = `query($id: ID!) { conversation(id: $id) { status assigneeName assignee { id name email skills onCall }
    escalation { reason triggers { evidence } sentiment } sla { deadline pool } } }`;

  it('no escalation, SLA or agent record, only the agent display name; staff see everything, on both transports', async () => {
    const { id } = await customerTurn(stack.port, tokens.customer!, null, 'Can I talk to a person about our account?');
    const claim = await gql(
      stack.port,
      tokens.agent,
      'mutation($id: ID!) { claimConversation(conversationId: $id) { id } }',
      {
        id,
      },
    );
    expect(claim.errors).toBeUndefined();

    const staff = (await gql(stack.port, tokens.admin, READ, { id })).data!.conversation;
    expect(staff.assignee).toMatchObject({ id: 'agt-2', email: expect.stringContaining('@') });
    expect(staff.escalation.reason).toBe('EXPLICIT_REQUEST');
    expect(staff.assigneeName).toBe(staff.assignee.name);

    const customerView = {
      status: 'AGENT_ACTIVE',
      assigneeName: staff.assignee.name,
      assignee: null,
      escalation: null,
      sla: null,
    };
    const http = await gql(stack.port, tokens.customer, READ, { id });
    expect(http.errors).toBeUndefined();
    expect(http.data!.conversation).toEqual(customerView);

    const ws = wsClient(stack.port, tokens.customer);
    const sub = subscribe<{ conversation: unknown }>(ws, READ, { id });
    try {
      const [first] = await sub.waitFor((e) => e.length > 0);
      expect(first.conversation).toEqual(customerView);
    } finally {
      sub.dispose();
      await ws.dispose();
    }
    const agentView = (await gql(stack.port, tokens.lead, READ, { id })).data!.conversation;
    expect(agentView.escalation).not.toBeNull();
    expect(agentView.assignee.id).toBe('agt-2');
  });
});
