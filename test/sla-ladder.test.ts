import { encodeEvent, EVENTS_CHANNEL } from '../src/events/channel';
import {
  cid,
  CONVERSATION,
  customerTurn,
  errorCode,
  gql,
  pg,
  START,
  startProcess,
  startStack,
  subscribe,
  type Subscription,
  temporalClient,
  token,
  waitFor,
  wsClient,
} from './support/stack';
import { overridePolicy, withPolicy, withSlaSeconds } from './support/policy';

/**
 * End to end: the ladder's wiring (read model, agents' queues and subscriptions, notifications, search attributes)
 * and its durability across a worker crash. The timing rules themselves are checked in seconds, with mocked
 * activities, by test/workflow/sla-timers.test.ts.
 */
type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let policy: { restore(): Promise<void> } | undefined;
const admin = token('admin', 'admin-1');
const UPDATE = `mutation($d: JSON!) { updateEscalationPolicy(document: $d) { version createdBy createdAt document } }`;
const QUEUE = `{ agentQueue(first: 100) { edges { node { id } } } }`;
const CLAIM = `mutation($id: ID!) { claimConversation(conversationId: $id) { id status } }`;

/** Targets of seconds, so a test can watch a whole ladder climb: steps due 3, 4 and 6 s after escalating. */
const fastPolicy = withSlaSeconds(4, 2);

beforeAll(async () => {
  // A SIGKILLed worker's cached conversations (and a workflow task it held) go to the next worker after 2 (3) s rather
  // than Temporal's default 10 s.
  stack = await startStack('ladder', {
    TEMPORAL_WORKFLOW_TASK_TIMEOUT_SECONDS: '3',
    WORKER_STICKY_QUEUE_TIMEOUT_MS: '2000',
  });
  policy = await overridePolicy(stack.port, fastPolicy);
});
afterAll(async () => {
  try {
    await policy?.restore();
  } finally {
    await stack?.stop();
  }
});

async function escalate(customerId: string) {
  const { id, conversation } = await customerTurn(
    stack.port,
    token('customer', customerId),
    null,
    'Can I talk to a person about our account?',
  );
  expect(conversation.status).toBe('AWAITING_AGENT');
  return { id, at: Date.parse(conversation.escalation.at), workflowId: conversation.workflowId as string };
}

type QueueEvents = Subscription<{ agentQueueChanged: { change: string; conversation: { id: string } } }>;

/**
 * Resolves once an agentQueueChanged subscription is live (instead of sleeping and hoping): a conversation outside
 * the queue, which every agent hears about, is announced on the events channel as a worker would, until it arrives.
 */
async function queueSubscriptionLive(sub: QueueEvents) {
  const started = await gql(stack.port, token('customer', 'cus-11'), START, {
    input: { body: 'How do I export a dashboard to PDF?', clientMessageId: cid() },
  });
  const probe = started.data!.startConversation.id as string;
  const db = await pg();
  try {
    await waitFor(async () => {
      await db.query('SELECT pg_notify($1, $2)', [
        EVENTS_CHANNEL,
        encodeEvent({ kind: 'queue', conversationId: probe, change: 'probe' }),
      ]);
      return sub.events.some((e) => e.agentQueueChanged.conversation.id === probe);
    }, 10_000);
  } finally {
    await db.end();
  }
}

const secondsAfter = (at: number, iso: string) => Math.round((Date.parse(iso) - at) / 100) / 10;
const read = async (id: string) => (await gql(stack.port, admin, CONVERSATION, { id })).data!.conversation;
const queueOf = async (agent: string) =>
  (await gql(stack.port, token('agent', agent), QUEUE)).data!.agentQueue.edges.map((e: any) => e.node.id);

describe('SLA timers and the escalation ladder', () => {
  it('an unclaimed conversation climbs WARN, WIDEN_TO_TIER2 and PAGE_LEAD_ONCALL in order and on time', async () => {
    const ws = wsClient(stack.port, token('agent', 'agt-6')); // TIER2, not on call
    const tier2Events: QueueEvents = subscribe(
      ws,
      `subscription { agentQueueChanged { change conversation { id status sla { pool } } } }`,
      {},
    );
    try {
      // The subscription must be live before the escalation, or "heard nothing before widening" would prove nothing.
      await queueSubscriptionLive(tier2Events);
      const { id, at, workflowId } = await escalate('cus-06');
      expect(await queueOf('agt-1')).toContain(id);
      expect(await queueOf('agt-6')).not.toContain(id); // TIER2 sees it only after widening
      const c = await waitFor(async () => {
        const x = await read(id);
        return x.sla.steps.every((s: any) => s.firedAt) ? x : undefined;
      }, 20_000);
      const steps = c.sla.steps.map((s: any) => ({
        action: s.action,
        due: Date.parse(s.dueAt) - at,
        late: Date.parse(s.firedAt) - Date.parse(s.dueAt),
      }));
      expect(steps.map((s: any) => s.action)).toEqual(['WARN', 'WIDEN_TO_TIER2', 'PAGE_LEAD_ONCALL']);
      expect(steps.map((s: any) => Math.round(s.due / 100) / 10)).toEqual([3, 4, 6]);
      for (const s of steps) {
        expect(s.late).toBeGreaterThanOrEqual(0);
        expect(s.late).toBeLessThan(3000);
      }
      expect(c.sla.pool).toEqual(['TIER1', 'TIER2', 'LEAD', 'ONCALL']);
      expect(await queueOf('agt-6')).toContain(id);
      // The TIER2 agent heard nothing of it before widening, then heard the widening.
      const mine = tier2Events.events
        .filter((e) => e.agentQueueChanged.conversation.id === id)
        .map((e) => e.agentQueueChanged.change);
      expect(mine[0]).toBe('sla_step');
      expect(mine).not.toContain('escalated');

      // Readable in the workflow history: one notifyAgents activity per step, in order.
      const t = await temporalClient();
      try {
        const history = await t.client.workflow.getHandle(workflowId).fetchHistory();
        const notified = await Promise.all(
          (history.events ?? [])
            .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notifyAgents')
            .map(async (e) => (await t.payload(e.activityTaskScheduledEventAttributes!.input!.payloads![0])).kind),
        );
        expect(notified).toEqual(['QUEUED', 'WARN', 'WIDEN_TO_TIER2', 'PAGE_LEAD_ONCALL']);
        let listed: string | undefined;
        for await (const wf of t.client.workflow.list({
          query:
            `WorkflowId = '${workflowId}' AND SupportStatus = 'AWAITING_AGENT' AND EscalationReason = 'EXPLICIT_REQUEST' ` +
            `AND SlaDeadline > '2020-01-01T00:00:00Z'`,
        })) {
          listed = wf.workflowId;
        }
        expect(listed).toBe(workflowId);
      } finally {
        await t.close();
      }
    } finally {
      tier2Events.dispose();
      await ws.dispose();
    }
  });

  it('a claim whose agent sends nothing within the lease returns to the queue', async () => {
    const { id } = await escalate('cus-07');
    expect((await gql(stack.port, token('agent', 'agt-2'), CLAIM, { id })).data!.claimConversation.status).toBe(
      'AGENT_ACTIVE',
    );
    const back = await waitFor(async () => {
      const c = await read(id);
      return c.status === 'AWAITING_AGENT' ? c : undefined;
    }, 15_000);
    expect(back.assignee).toBeNull();
    expect(await queueOf('agt-1')).toContain(id);
  });

  it('a worker SIGKILLed while a conversation waits fires the steps that fell due once one is back', async () => {
    const { id, workflowId } = await escalate('cus-08');
    const t = await temporalClient();
    try {
      // The worker dies once the workflow sleeps on the ladder's durable timer: the escalation's activities are done
      // and the timer is the last thing the history records (killed earlier, no timer would exist to fire).
      await waitFor(async () => {
        const events = (await t.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
        return events[events.length - 1]?.timerStartedEventAttributes ? true : undefined;
      }, 20_000);
      stack.worker.child.kill('SIGKILL');
      await new Promise((r) => stack.worker.child.once('exit', r));
      const planned = (await read(id)).sla.steps;
      const widenDue = Date.parse(planned.find((s: any) => s.action === 'WIDEN_TO_TIER2').dueAt);
      // WARN and WIDEN fall due with no worker: the server records the durable timer firing, and nothing acts on it.
      await waitFor(async () => {
        if (Date.now() < widenDue) return undefined;
        const history = await t.client.workflow.getHandle(workflowId).fetchHistory();
        return history.events?.some((e) => e.timerFiredEventAttributes) ? true : undefined;
      }, 20_000);
    } finally {
      await t.close();
    }
    expect((await read(id)).sla.steps.every((s: any) => s.firedAt === null)).toBe(true);
    const restarted = Date.now();
    stack.worker = await startProcess('worker', stack.env);
    // Polling from here: how long Node took to boot it (seconds on a loaded machine) is not the ladder's lateness.
    const back = Date.now();
    const c = await waitFor(async () => {
      const x = await read(id);
      return x.sla.steps.every((s: any) => s.firedAt) ? x : undefined;
    }, 30_000);
    expect(c.sla.steps.map((s: any) => s.action)).toEqual(['WARN', 'WIDEN_TO_TIER2', 'PAGE_LEAD_ONCALL']);
    for (const s of c.sla.steps) {
      const due = Date.parse(s.dueAt);
      expect(Date.parse(s.firedAt)).toBeGreaterThanOrEqual(Math.max(restarted, due));
      // Each step fires within 15 s of the later of its due time and the worker being back (the dead worker's sticky
      // queue hands the conversation on after 2 s, WORKER_STICKY_QUEUE_TIMEOUT_MS above; a new worker replays it
      // whole, and takes seconds more on a loaded machine: 6.4 s seen in a full run).
      expect(Date.parse(s.firedAt) - Math.max(due, back)).toBeLessThan(15_000);
    }
  });
});

describe('policy as data', () => {
  it('is versioned, a bad document is rejected whole, and agents may read but not change it', async () => {
    const before = (await gql(stack.port, token('agent', 'agt-1'), `{ escalationPolicy { version document } }`)).data!
      .escalationPolicy;
    const bad = {
      ...fastPolicy,
      confidenceThreshold: { ...fastPolicy.confidenceThreshold, PRO: 1.5, GOLD: 0.2 },
      sla: { ...fastPolicy.sla, ladder: [{ atPercent: 50, action: 'EMAIL_CEO' }] },
    };
    const r = await gql(stack.port, admin, UPDATE, { d: bad });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toMatch(/PRO must be between 0 and 1/);
    expect(r.errors![0].message).toMatch(/unknown tier "GOLD"/);
    expect(r.errors![0].message).toMatch(/EMAIL_CEO/);
    expect(
      errorCode(
        await gql(stack.port, admin, UPDATE, {
          d: { ...fastPolicy, sla: { ...fastPolicy.sla, timeToClaimSeconds: { FREE: -1, PRO: 6, ENTERPRISE: 6 } } },
        }),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(stack.port, token('agent', 'agt-7'), UPDATE, { d: fastPolicy }))).toBe('FORBIDDEN');
    const unchanged = (await gql(stack.port, admin, `{ escalationPolicy { version } }`)).data!.escalationPolicy;
    expect(unchanged.version).toBe(before.version);
  });

  it('publishing a version re-plans the ladder of a conversation already waiting for an agent', async () => {
    const slow = {
      ...fastPolicy,
      sla: { ...fastPolicy.sla, timeToClaimSeconds: { FREE: 3600, PRO: 3600, ENTERPRISE: 3600 } },
    };
    try {
      expect((await gql(stack.port, admin, UPDATE, { d: slow })).errors).toBeUndefined();
      const { id, at } = await escalate('cus-05');
      expect(secondsAfter(at, (await read(id)).sla.deadline)).toBe(3600);
      // The waiting conversation hears of the new version through the rollout workflow, and its clock follows it.
      expect((await gql(stack.port, admin, UPDATE, { d: fastPolicy })).errors).toBeUndefined();
      const c = await waitFor(async () => {
        const x = await read(id);
        return x.sla.steps.every((s: any) => s.firedAt) ? x : undefined;
      }, 20_000);
      expect(secondsAfter(at, c.sla.deadline)).toBe(fastPolicy.sla.timeToClaimSeconds.FREE);
      expect(c.sla.steps.map((s: any) => s.action)).toEqual(['WARN', 'WIDEN_TO_TIER2', 'PAGE_LEAD_ONCALL']);
    } finally {
      await gql(stack.port, admin, UPDATE, { d: fastPolicy });
    }
  });

  it('a "talk to a person" press decides under the newest version, and its ladder runs on that version\'s times', async () => {
    const auth = token('customer', 'cus-05');
    const first = await customerTurn(stack.port, auth, null, 'How do I export a dashboard to PDF?');
    expect(first.reply.authorKind).toBe('AI'); // the run now holds the version this turn read
    const slower = withSlaSeconds(4321, 600, fastPolicy);
    await withPolicy(
      stack.port,
      slower,
      async (published) => {
        const press = `mutation($id: ID!) { requestHuman(conversationId: $id) { status } }`;
        const r = await gql(stack.port, auth, press, { id: first.id });
        expect(r.data!.requestHuman.status).toBe('AWAITING_AGENT');
        const c = await read(first.id);
        expect(c.escalation).toMatchObject({ reason: 'EXPLICIT_REQUEST', policyVersion: published.version });
        // The waiting period starts with the escalation (one workflow task, one clock reading).
        expect(secondsAfter(Date.parse(c.escalation.at), c.sla.deadline)).toBe(4321);
      },
      admin,
    );
  });

  it('running conversations decide with the new version at their next turn', async () => {
    const auth = token('customer', 'cus-04');
    const first = await customerTurn(stack.port, auth, null, 'How do I change the card on file for our subscription?', {
      route: '/settings/billing',
    });
    expect(first.reply.authorKind).toBe('AI');
    const strict = { ...fastPolicy, confidenceThreshold: { FREE: 0.999, PRO: 0.999, ENTERPRISE: 0.999 } };
    await withPolicy(
      stack.port,
      strict,
      async (published) => {
        expect(published.createdBy).toBe('admin-1');
        const second = await customerTurn(stack.port, auth, first.id, 'And where do I see the invoices afterwards?');
        expect(second.reply.authorKind).toBe('SYSTEM');
        expect(second.conversation.escalation).toMatchObject({
          reason: 'LOW_CONFIDENCE',
          policyVersion: published.version,
        });
        expect(second.conversation.escalation.triggers.find((t: any) => t.kind === 'LOW_CONFIDENCE').threshold).toBe(
          0.999,
        );
      },
      admin,
    );
  });
});
