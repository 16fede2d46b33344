import type { Client as PgClient } from 'pg';
import {
  customerTurn,
  errorCode,
  gql,
  pg,
  startStack,
  subscribe,
  temporalClient,
  token,
  waitFor,
  wsClient,
} from './support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let db: PgClient;
const admin = token('admin', 'adm-1');
const agent = token('agent', 'agt-1');

const FIELDS = `fragment B on Backtest {
  id status progress processed total error workflowId
  report {
    conversations turns escalationsBefore escalationsAfter added removed retriggered autoAssigned
    byTrigger { trigger before after }
    loadByTierHour { tier hour before after }
    changed { conversation { id } before after afterAt }
    changes(first: 2) { totalCount edges { node { conversation { id } } } pageInfo { hasNextPage endCursor } }
  }
}`;
const BACKTEST = `mutation($doc: JSON!, $from: DateTime!, $to: DateTime!) {
  backtestEscalationPolicy(document: $doc, from: $from, to: $to) { ...B }
} ${FIELDS}`;
const GET = `query($id: ID!) { backtest(id: $id) { ...B } } ${FIELDS}`;
const PROGRESS = `subscription($id: ID!) { backtestProgress(id: $id) { id status progress processed total } }`;

interface Made {
  id: string;
  tier: string;
  turns: number;
  status: string;
  escalation: { reason: string } | null;
  aiConfidences: number[];
}
const made: Made[] = [];
let from: Date;
let policy: Record<string, any>;

/** One conversation through GraphQL, a customer turn at a time; what the customer saw is kept for the assertions. */
async function converse(customer: string, tier: string, turns: Array<{ body: string; route?: string }>): Promise<Made> {
  const auth = token('customer', customer);
  let id: string | null = null;
  let conversation: any;
  for (const t of turns) {
    const r = await customerTurn(stack.port, auth, id, t.body, t.route ? { route: t.route } : undefined);
    id = r.id;
    conversation = r.conversation;
  }
  const m: Made = {
    id: id!,
    tier,
    turns: turns.length,
    status: conversation.status,
    escalation: conversation.escalation,
    aiConfidences: conversation.messages.edges
      .map((e: any) => e.node)
      .filter((n: any) => n.authorKind === 'AI')
      .map((n: any) => n.ai.confidence),
  };
  made.push(m);
  return m;
}

/** What a backtest must leave alone: each conversation's row, messages, audit trail and workflow history. */
async function liveState(): Promise<string> {
  const ids = made.map((m) => m.id);
  const rows = await db.query(
    `SELECT c.id, c.status, c.updated_at, c.last_seq, c.escalation->>'reason' AS reason,
            (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id)::int AS messages,
            (SELECT count(*) FROM conversation_events e WHERE e.conversation_id = c.id)::int AS events
     FROM conversations c WHERE c.id = ANY($1::uuid[]) ORDER BY c.id`,
    [ids],
  );
  const t = await temporalClient();
  try {
    const histories = await Promise.all(
      ids.map(async (id) => (await t.client.workflow.getHandle(`conversation-${id}`).describe()).historyLength),
    );
    return JSON.stringify({ rows: rows.rows, histories });
  } finally {
    await t.close();
  }
}

/**
 * The live state once every conversation's workflow is idle (no workflow task, no activity in flight): nothing of
 * theirs writes to a row or a history until something new reaches them, so a later difference is the backtest's.
 */
async function settled(): Promise<string> {
  const t = await temporalClient();
  try {
    await waitFor(async () => {
      const idle = await Promise.all(
        made.map(async (m) => {
          const { raw } = await t.client.workflow.getHandle(`conversation-${m.id}`).describe();
          return !raw.pendingWorkflowTask && (raw.pendingActivities ?? []).length === 0;
        }),
      );
      return idle.every(Boolean);
    }, 30_000);
  } finally {
    await t.close();
  }
  return liveState();
}

async function runBacktest(doc: unknown): Promise<any> {
  const window = { from: from.toISOString(), to: new Date(Date.now() + 3600_000).toISOString() };
  const started = await gql(stack.port, admin, BACKTEST, { doc, ...window });
  expect(started.errors).toBeUndefined();
  const b = started.data!.backtestEscalationPolicy;
  expect(b).toMatchObject({ status: 'RUNNING', report: null });
  return waitFor(async () => {
    const r = (await gql(stack.port, admin, GET, { id: b.id })).data!.backtest;
    return r.status === 'COMPLETED' || r.status === 'FAILED' ? r : undefined;
  }, 60_000);
}

beforeAll(async () => {
  from = new Date();
  // One conversation per page and three pages per run: the backtest pages and continues-as-new even on this little.
  stack = await startStack('backtest', { BACKTEST_PAGE_SIZE: '1', BACKTEST_PAGES_PER_RUN: '3' });
  db = await pg();
  policy = (await gql(stack.port, admin, `{ escalationPolicy { document } }`)).data!.escalationPolicy.document;
  // Answered by the AI alone: ordinary knowledge-base questions, one of them over two turns, and a greeting.
  await converse('cus-12', 'PRO', [
    { body: 'How do I change the chart colours on my dashboard?', route: '/dashboards/940/edit' },
  ]);
  await converse('cus-15', 'PRO', [
    { body: 'Where can I download our past invoices as PDF?', route: '/settings/billing' },
  ]);
  await converse('cus-02', 'FREE', [
    { body: 'How do I add a date filter to my dashboard?', route: '/dashboards/1450/edit' },
    { body: 'Can it default to the last 30 days for everyone?' },
  ]);
  await converse('cus-18', 'ENTERPRISE', [{ body: 'Hi there!' }]);
  // Escalated by a turn: an explicit request for a person, an always-human category.
  await converse('cus-13', 'PRO', [
    { body: 'Could you put me through to a real person please? It is about our workspace setup.' },
  ]);
  await converse('cus-14', 'PRO', [
    {
      body: 'We were billed twice for November, 2 identical charges of $240. Please refund the duplicate one.',
      route: '/settings/billing/invoices',
    },
  ]);
  // Answered by the AI, then the customer pressed "talk to a person": an escalation no turn decided.
  const pressed = await converse('cus-19', 'ENTERPRISE', [
    { body: 'How do I export a dashboard to PDF?', route: '/dashboards/2210' },
  ]);
  const r = await gql(
    stack.port,
    token('customer', 'cus-19'),
    `mutation($id: ID!) { requestHuman(conversationId: $id) { status escalation { reason } } }`,
    { id: pressed.id },
  );
  expect(r.data!.requestHuman).toEqual({ status: 'AWAITING_AGENT', escalation: null }); // hidden from the customer
  const seen = await gql(stack.port, admin, `query($id: ID!) { conversation(id: $id) { escalation { reason } } }`, {
    id: pressed.id,
  });
  expect(seen.data!.conversation.escalation).toEqual({ reason: 'EXPLICIT_REQUEST' });
  pressed.status = 'AWAITING_AGENT';
  pressed.escalation = { reason: 'EXPLICIT_REQUEST' };
}, 240_000);

afterAll(async () => {
  await db?.end();
  await stack?.stop();
});

describe('policy backtesting', () => {
  it('the policy in force reports no change, and leaves every live conversation as it was', async () => {
    const before = await settled();
    const b = await runBacktest(policy);
    expect(b).toMatchObject({
      status: 'COMPLETED',
      progress: 1,
      processed: made.length,
      total: made.length,
      error: null,
    });
    const escalated = made.filter((m) => m.escalation);
    expect(b.report).toMatchObject({
      conversations: made.length,
      turns: made.reduce((n, m) => n + m.turns, 0),
      escalationsBefore: escalated.length,
      escalationsAfter: escalated.length,
      added: 0,
      removed: 0,
      retriggered: 0,
      autoAssigned: 0,
      changed: [],
      changes: { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
    });
    for (const t of b.report.byTrigger) expect(t.after).toBe(t.before);
    expect(b.report.byTrigger.find((t: any) => t.trigger === 'EXPLICIT_REQUEST').before).toBe(2);
    expect(b.report.byTrigger.find((t: any) => t.trigger === 'CATEGORY').before).toBe(1);
    expect(await liveState()).toBe(before);
  });

  it('with auto-assignment turned on, reports every escalation as handed to an agent, changing nothing else', async () => {
    const b = await runBacktest({ ...policy, autoAssign: { enabled: true } });
    const escalated = made.filter((m) => m.escalation);
    expect(escalated.length).toBeGreaterThan(0);
    expect(b.status).toBe('COMPLETED');
    expect(b.report).toMatchObject({
      escalationsBefore: escalated.length,
      escalationsAfter: escalated.length,
      added: 0,
      removed: 0,
      autoAssigned: escalated.length,
    });
  });

  it('thresholds of 0.99 add exactly the AI-alone conversations answered under 0.99, followed live on backtestProgress', async () => {
    const before = await settled();
    const strict = { ...policy, confidenceThreshold: { FREE: 0.99, PRO: 0.99, ENTERPRISE: 0.99 } };
    const aiAlone = made.filter((m) => m.status === 'AI_ACTIVE' && !m.escalation);
    expect(aiAlone).toHaveLength(4);
    // The greeting got a reply under even the live ENTERPRISE threshold and stayed with the AI: small talk is never
    // judged on confidence, so that reply is no answer under 0.99, and the candidate must not add it either.
    const greeting = made[3];
    expect(greeting.aiConfidences).toHaveLength(1);
    expect(greeting.aiConfidences[0]).toBeLessThan(policy.confidenceThreshold.ENTERPRISE);
    const expected = aiAlone.filter((m) => m !== greeting && m.aiConfidences.some((c) => c < 0.99)).map((m) => m.id);
    expect(expected).toHaveLength(3);

    // A subscriber connected beforehand; it also sees how an ended backtest ended, and its stream completes.
    const ws = wsClient(stack.port, admin);
    const window = { from: from.toISOString(), to: new Date(Date.now() + 3600_000).toISOString() };
    try {
      const started = (await gql(stack.port, admin, BACKTEST, { doc: strict, ...window })).data!
        .backtestEscalationPolicy;
      const sub = subscribe<any>(ws, PROGRESS, { id: started.id });
      const events = await sub.waitFor((es) => es.some((e) => e.backtestProgress.status === 'COMPLETED'), 60_000);
      const progress = events.map((e) => e.backtestProgress);
      expect(sub.errors).toEqual([]);
      expect(progress[progress.length - 1]).toMatchObject({
        status: 'COMPLETED',
        progress: 1,
        processed: made.length,
        total: made.length,
      });
      for (let i = 1; i < progress.length; i++)
        expect(progress[i].progress).toBeGreaterThanOrEqual(progress[i - 1].progress);
      expect(progress.some((p) => p.status === 'RUNNING' && p.progress > 0 && p.progress < 1)).toBe(true);
      sub.dispose();

      const b = (await gql(stack.port, admin, GET, { id: started.id })).data!.backtest;
      const r = b.report;
      const changed = r.changed;
      const added = changed.filter((c: any) => c.before === null);
      expect(r.added).toBe(expected.length);
      expect(added.map((c: any) => c.conversation.id).sort()).toEqual([...expected].sort());
      for (const c of added) expect(c).toMatchObject({ after: 'LOW_CONFIDENCE' });
      expect(r.removed).toBe(0);
      expect(changed.map((c: any) => c.conversation.id)).not.toContain(greeting.id);
      // Pressed the button after a low-confidence answer: under the candidate that answer's turn escalates first.
      const pressed = made[6];
      expect(changed.filter((c: any) => c.before !== null)).toEqual([
        expect.objectContaining({
          conversation: { id: pressed.id },
          before: 'EXPLICIT_REQUEST',
          after: 'LOW_CONFIDENCE',
        }),
      ]);
      expect(r.retriggered).toBe(1);
      expect(r.changes.totalCount).toBe(expected.length + 1);
      // The same list, a page at a time.
      expect(r.changes.edges.map((e: any) => e.node.conversation.id)).toEqual(
        changed.slice(0, 2).map((c: any) => c.conversation.id),
      );
      expect(r.changes.pageInfo.hasNextPage).toBe(true);
      const rest = await gql(
        stack.port,
        admin,
        `query($id: ID!, $after: String) { backtest(id: $id) { report {
          changes(first: 100, after: $after) { edges { node { conversation { id } } } pageInfo { hasNextPage } }
        } } }`,
        {
          id: started.id,
          after: r.changes.pageInfo.endCursor,
        },
      );
      const next = rest.data!.backtest.report.changes;
      expect(next.edges.map((e: any) => e.node.conversation.id)).toEqual(
        changed.slice(2).map((c: any) => c.conversation.id),
      );
      expect(next.pageInfo.hasNextPage).toBe(false);
      expect(r.conversations).toBe(made.length);
      expect(r.escalationsAfter).toBe(r.escalationsBefore + r.added - r.removed);
      const by = (t: string) => r.byTrigger.find((x: any) => x.trigger === t);
      expect(by('LOW_CONFIDENCE')).toEqual({ trigger: 'LOW_CONFIDENCE', before: 0, after: expected.length + 1 });
      expect(by('EXPLICIT_REQUEST')).toEqual({ trigger: 'EXPLICIT_REQUEST', before: 2, after: 1 });
      expect(by('CATEGORY')).toEqual({ trigger: 'CATEGORY', before: 1, after: 1 });
      expect(r.byTrigger.reduce((n: number, t: any) => n + t.before, 0)).toBe(r.escalationsBefore);
      expect(r.byTrigger.reduce((n: number, t: any) => n + t.after, 0)).toBe(r.escalationsAfter);
      // Predicted load: per tier, the extra escalations are the added conversations of that tier, in this hour (UTC).
      const hours = new Set([from.getUTCHours(), new Date().getUTCHours()]);
      for (const l of r.loadByTierHour) expect(hours.has(l.hour)).toBe(true);
      for (const tier of ['FREE', 'PRO', 'ENTERPRISE']) {
        const sum = (side: 'before' | 'after') =>
          r.loadByTierHour.filter((l: any) => l.tier === tier).reduce((n: number, l: any) => n + l[side], 0);
        const addedHere = made.filter((m) => m.tier === tier && expected.includes(m.id)).length;
        expect(sum('after') - sum('before')).toBe(addedHere);
        expect(sum('before')).toBe(made.filter((m) => m.tier === tier && m.escalation).length);
      }

      // A late subscriber gets the ended backtest once, and the stream completes.
      const late = subscribe<any>(ws, PROGRESS, { id: started.id });
      const got = await late.waitFor((es) => es.length > 0);
      expect(got.map((e) => e.backtestProgress.status)).toEqual(['COMPLETED']);

      // It paged through a workflow that continued as new rather than growing one history.
      const t = await temporalClient();
      try {
        const runs = await waitFor(async () => {
          const found = [];
          for await (const w of t.client.workflow.list({ query: `WorkflowId = '${b.workflowId}'` })) found.push(w);
          return found.length >= 3 ? found : undefined;
        });
        expect(runs.length).toBeGreaterThanOrEqual(3);
      } finally {
        await t.close();
      }
    } finally {
      await ws.dispose();
    }
    expect(await liveState()).toBe(before);
  });

  it('is for admins only, and a bad document or window starts nothing', async () => {
    const window = { from: from.toISOString(), to: new Date(Date.now() + 3600_000).toISOString() };
    const count = async () => (await db.query('SELECT count(*)::int AS n FROM backtests')).rows[0].n as number;
    const n = await count();
    for (const who of [token('customer', 'cus-12'), agent]) {
      expect(errorCode(await gql(stack.port, who, BACKTEST, { doc: policy, ...window }))).toBe('FORBIDDEN');
    }
    expect(errorCode(await gql(stack.port, null, BACKTEST, { doc: policy, ...window }))).toBe('UNAUTHENTICATED');
    const bad = await gql(stack.port, admin, BACKTEST, {
      doc: { ...policy, confidenceThreshold: { FREE: 1.5, PRO: 0.5, ENTERPRISE: 0.6 } },
      ...window,
    });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].message).toMatch(/confidenceThreshold\.FREE must be between 0 and 1/);
    const backwards = await gql(stack.port, admin, BACKTEST, { doc: policy, from: window.to, to: window.from });
    expect(errorCode(backwards)).toBe('BAD_USER_INPUT');
    expect(await count()).toBe(n);

    const [{ id }] = (await db.query('SELECT id FROM backtests ORDER BY created_at LIMIT 1')).rows;
    for (const who of [token('customer', 'cus-12'), agent])
      expect(errorCode(await gql(stack.port, who, GET, { id }))).toBe('FORBIDDEN');
    expect(
      (await gql(stack.port, admin, GET, { id: '00000000-0000-4000-8000-000000000000' })).data!.backtest,
    ).toBeNull();
    const ws = wsClient(stack.port, agent);
    try {
      const sub = subscribe(ws, PROGRESS, { id });
      await waitFor(() => sub.errors.length > 0);
      expect(JSON.stringify(sub.errors)).toMatch(/FORBIDDEN/);
      expect(sub.events).toHaveLength(0);
    } finally {
      await ws.dispose();
    }
  });
});
