import { randomUUID } from 'node:crypto';
import { customerTurn, errorCode, gql, pg, startStack, token } from './support/stack';

/** The console's inbox over GraphQL: the team's filters, full-text search, the SLA order and the views' counts. */
type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
const tag = randomUUID().slice(0, 6);
const customerId = `cus-inbox-${tag}`;
// A made-up word in a message and a made-up name: only this test's conversations can match them.
const word = `quibblefrost${tag}`;
const surname = `Zorblat${tag}`;

beforeAll(async () => {
  stack = await startStack('console-inbox');
  const db = await pg();
  try {
    await db.query(`INSERT INTO customers (id, name, email, tier) VALUES ($1, $2, $3, 'ENTERPRISE')`, [
      customerId,
      `Quintessa ${surname}`,
      `quintessa.${tag}@inbox-test.example`,
    ]);
  } finally {
    await db.end();
  }
});
afterAll(async () => stack?.stop());

const LIST = `query($filter: ConversationFilterInput, $first: Int) {
  conversations(filter: $filter, first: $first) { edges { node { id status sla { deadline } assignee { id } } } } }`;
const COUNTS = `{ conversationCounts { mine unassigned awaitingAgent agentActive aiActive
  byTier { tier count } byTrigger { trigger count } } }`;
const CLAIM = `mutation($id: ID!) { claimConversation(conversationId: $id) { id } }`;

const staff = () => token('admin', 'admin-1');
const ids = async (filter: Record<string, unknown>, auth = staff()) => {
  const r = await gql(stack.port, auth, LIST, { filter, first: 100 });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.conversations.edges.map((e: any) => e.node.id) as string[];
};
const counts = async (auth: string) => (await gql(stack.port, auth, COUNTS)).data!.conversationCounts;
const tierCount = (c: any, tier: string) => c.byTier.find((t: any) => t.tier === tier).count;
const triggerCount = (c: any, trigger: string) => c.byTrigger.find((t: any) => t.trigger === trigger).count;

describe('the inbox', () => {
  let waiting: string;
  let withAi: string;

  it('counts a new escalation as waiting and unassigned, by tier and trigger, and a claim as the agent’s own', async () => {
    const agent = token('agent', 'agt-1');
    const before = await counts(agent);
    const customer = token('customer', customerId);
    ({ id: waiting } = await customerTurn(
      stack.port,
      customer,
      null,
      `Please let me talk to a human about the ${word} export`,
    ));
    const after = await counts(agent);
    expect(after.awaitingAgent - before.awaitingAgent).toBe(1);
    expect(after.unassigned - before.unassigned).toBe(1);
    expect(tierCount(after, 'ENTERPRISE') - tierCount(before, 'ENTERPRISE')).toBe(1);
    expect(triggerCount(after, 'EXPLICIT_REQUEST') - triggerCount(before, 'EXPLICIT_REQUEST')).toBe(1);
    expect(after.byTier.map((t: any) => t.tier)).toEqual(['FREE', 'PRO', 'ENTERPRISE']);

    ({ id: withAi } = await customerTurn(stack.port, customer, null, 'How do I export a dashboard to PDF?'));
    expect((await counts(agent)).aiActive - after.aiActive).toBe(1);

    expect((await gql(stack.port, agent, CLAIM, { id: waiting })).errors).toBeUndefined();
    const claimed = await counts(agent);
    expect(claimed.mine - after.mine).toBe(1);
    expect(claimed.unassigned - after.unassigned).toBe(-1);
    expect(claimed.agentActive - after.agentActive).toBe(1);
  });

  it('filters by assignee, "mine", unassigned, statuses, tier and trigger', async () => {
    const lead = token('agent', 'agt-1');
    expect(await ids({ assignedToMe: true }, lead)).toContain(waiting);
    expect(await ids({ assignedToMe: true }, token('agent', 'agt-2'))).not.toContain(waiting);
    expect(await ids({ assigneeId: 'agt-1' })).toContain(waiting);
    expect(await ids({ unassigned: true })).not.toContain(waiting);
    const open = await ids({ statuses: ['AI_ACTIVE', 'AGENT_ACTIVE'], customerId });
    expect(open.sort()).toEqual([waiting, withAi].sort());
    expect(await ids({ statuses: ['AWAITING_AGENT'], customerId })).toEqual([]);
    expect(await ids({ tier: 'ENTERPRISE', customerId })).toHaveLength(2);
    expect(await ids({ tier: 'FREE', customerId })).toEqual([]);
    expect(await ids({ trigger: 'EXPLICIT_REQUEST', customerId })).toEqual([waiting]);
    expect(await ids({ trigger: 'FRUSTRATION', customerId })).toEqual([]);
  });

  it('searches message bodies (stemmed) and the customer’s name and email with PostgreSQL full-text search', async () => {
    expect(await ids({ search: word })).toEqual([waiting]);
    // Web search syntax: a phrase, an exclusion.
    expect(await ids({ search: `"${word} export"` })).toEqual([waiting]);
    expect(await ids({ search: `${word} -human` })).toEqual([]);
    expect(await ids({ search: 'exporting dashboards' })).toEqual(expect.arrayContaining([withAi]));
    expect((await ids({ search: surname.toLowerCase() })).sort()).toEqual([waiting, withAi].sort());
    expect((await ids({ search: `quintessa.${tag}@inbox-test.example` })).sort()).toEqual([waiting, withAi].sort());
    const tooLong = await gql(stack.port, staff(), LIST, { filter: { search: 'x'.repeat(201) } });
    expect(errorCode(tooLong)).toBe('BAD_USER_INPUT');
    // The planner can use the GIN indexes the migration made.
    const db = await pg();
    try {
      const indexes = await db.query(
        `SELECT indexname FROM pg_indexes WHERE indexname IN ('messages_body_search_idx', 'customers_search_idx')`,
      );
      expect(indexes.rows.map((r) => r.indexname).sort()).toEqual(['customers_search_idx', 'messages_body_search_idx']);
    } finally {
      await db.end();
    }
  });

  it('orders by SLA deadline, soonest first, those without one last', async () => {
    const customer = token('customer', customerId);
    const { id: second } = await customerTurn(stack.port, customer, null, 'I need a person, not a bot.');
    const r = await gql(stack.port, staff(), LIST, {
      filter: { orderBy: 'SLA_DEADLINE', statuses: ['AWAITING_AGENT', 'AGENT_ACTIVE'] },
      first: 100,
    });
    expect(r.errors).toBeUndefined();
    const nodes = r.data!.conversations.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.id)).toEqual(expect.arrayContaining([waiting, second]));
    const deadlines = nodes.map((n: any) =>
      n.sla && n.status === 'AWAITING_AGENT' ? Date.parse(n.sla.deadline) : null,
    );
    const firstNull = deadlines.indexOf(null);
    const dated = deadlines.slice(0, firstNull === -1 ? undefined : firstNull);
    expect(dated).toEqual([...dated].sort((a: number, b: number) => a - b));
    if (firstNull !== -1) expect(deadlines.slice(firstNull).every((d: unknown) => d === null)).toBe(true);
    // The claimed one has no deadline any more: after the waiting one.
    expect(nodes.findIndex((n: any) => n.id === waiting)).toBeGreaterThan(nodes.findIndex((n: any) => n.id === second));
  });

  it('refuses the team’s filters and order to customers (FORBIDDEN), who still list their own', async () => {
    const customer = token('customer', customerId);
    for (const filter of [
      { assignedToMe: true },
      { unassigned: true },
      { search: word },
      { tier: 'PRO' },
      { statuses: ['AI_ACTIVE'] },
      { orderBy: 'SLA_DEADLINE' },
    ]) {
      const r = await gql(stack.port, customer, LIST, { filter });
      expect([filter, errorCode(r)]).toEqual([filter, 'FORBIDDEN']);
    }
    expect((await ids({}, customer)).length).toBeGreaterThanOrEqual(2);
    expect(errorCode(await gql(stack.port, customer, COUNTS))).toBe('FORBIDDEN');
  });
});
