import { overridePolicy, withSlaSeconds } from './support/policy';
import {
  customerTurn,
  gql,
  startStack,
  subscribe,
  TEST_METRICS_TOKEN,
  token,
  waitFor,
  wsClient,
} from './support/stack';
import { parseExposition, samples, total, valueOf, type Exposition } from './support/prom-text';
import { startOpenAiStub, type ChatRequest, type OpenAiStub } from './stubs/openai-stub';

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let stub: OpenAiStub;
const admin = token('admin', 'admin-1');
let policy: { restore(): Promise<void> } | undefined;
/**
 * Claim targets of seconds so the ladder climbs during the test (steps at 1.5, 2, 3 s: nothing here asserts on the
 * queue before a step); a long lease so a claim stays.
 */
const fastPolicy = withSlaSeconds(2, 600);

const customerText = (req: ChatRequest) =>
  /<customer>\n([\s\S]*?)\n<\/customer>/.exec(
    req.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '',
  )?.[1] ?? '';
const isAssess = (req: ChatRequest) => req.tools?.[0]?.function.name === 'assess_turn';
const modelAnswers = (req: ChatRequest) =>
  !isAssess(req)
    ? { arguments: { goal: 'Wants a person.', summary: 'Asked for a person about the account.' } }
    : /person/.test(customerText(req))
      ? {
          arguments: {
            explicitHumanRequest: true,
            category: null,
            frustration: 0.1,
            answer: 'A person will help.',
            citedArticleIds: [],
            confidence: 0.2,
          },
        }
      : {
          arguments: {
            explicitHumanRequest: false,
            category: null,
            frustration: 0,
            answer: 'Share → Export → PDF.',
            citedArticleIds: ['kb-024'],
            confidence: 0.9,
          },
        };

async function scrape(url: string, headers: Record<string, string> = {}): Promise<Exposition> {
  const res = await fetch(url, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4; charset=utf-8$/);
  const exp = parseExposition(await res.text());
  for (const f of exp.values()) if (f.type === 'histogram') expectWellFormedHistogram(exp, f.name);
  return exp;
}
const apiMetrics = () =>
  scrape(`http://127.0.0.1:${stack.port}/metrics`, { authorization: `Bearer ${TEST_METRICS_TOKEN}` });
const workerMetrics = () => scrape(`http://127.0.0.1:${stack.worker.metricsPort}/metrics`);

/** Every series: cumulative buckets that end in +Inf, and +Inf equal to _count. */
function expectWellFormedHistogram(exp: Exposition, name: string) {
  for (const count of samples(exp, `${name}_count`)) {
    const buckets = samples(exp, `${name}_bucket`, count.labels).filter(
      (b) => Object.keys(b.labels).length === Object.keys(count.labels).length + 1,
    );
    const ordered = buckets
      .map((b) => ({ le: b.labels.le === '+Inf' ? Infinity : Number(b.labels.le), n: b.value }))
      .sort((a, b) => a.le - b.le);
    expect(ordered.at(-1)).toEqual({ le: Infinity, n: count.value });
    for (let i = 1; i < ordered.length; i++) expect(ordered[i].n).toBeGreaterThanOrEqual(ordered[i - 1].n);
  }
}

const GRAPHQL = 'support_graphql_request_duration_seconds_count';
const HTTP = 'support_http_request_duration_seconds_count';
const ACTIVITY = 'support_activity_duration_seconds_count';
const WAITING = 'support_queue_waiting_conversations';
const BY_POOL = 'support_queue_waiting_conversations_by_pool';
const LADDER = 'support_sla_ladder_steps_total';
const AI_ERRORS = 'support_ai_provider_errors_total';
let answered: string; // a conversation the AI answered (cus-12)

beforeAll(async () => {
  stub = await startOpenAiStub();
  stub.respond = modelAnswers;
  stack = await startStack('metrics', {
    AI_PROVIDER: 'openai',
    OPENAI_API_KEY: 'sk-test-metrics',
    OPENAI_BASE_URL: stub.url,
    OPENAI_MODEL: 'test-model',
    OPENAI_TIMEOUT_MS: '1500',
  });
  policy = await overridePolicy(stack.port, fastPolicy);
});
afterAll(async () => {
  try {
    await policy?.restore();
  } finally {
    await stack?.stop();
    await stub?.stop();
  }
});

describe('Prometheus /metrics on the API and the worker', () => {
  it('both answer in the text format with help, types and the default process metrics', async () => {
    const [api, worker] = [await apiMetrics(), await workerMetrics()];
    for (const exp of [api, worker]) {
      expect(exp.get('process_cpu_user_seconds_total')?.type).toBe('counter');
      expect(exp.get('nodejs_heap_size_used_bytes')?.type).toBe('gauge');
      expect(valueOf(exp, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
      for (const f of exp.values()) expect(f.help).not.toBe('');
    }
    expect(api.get('support_graphql_request_duration_seconds')?.type).toBe('histogram');
    expect(
      api
        .get(WAITING)
        ?.samples.map((s) => s.labels.tier)
        .sort(),
    ).toEqual(expect.arrayContaining(['ENTERPRISE', 'FREE', 'PRO']));
    expect(worker.get('support_activity_duration_seconds')?.type).toBe('histogram');
    // Counters an alert reads start at zero for every known action, not absent.
    for (const action of ['WARN', 'WIDEN_TO_TIER2', 'PAGE_LEAD_ONCALL'])
      expect(valueOf(worker, LADDER, { action })).toBe(0);
    // Each process serves its own side only.
    expect(api.has(LADDER)).toBe(false);
    expect(worker.has(WAITING)).toBe(false);
    expect((await fetch(`http://127.0.0.1:${stack.worker.metricsPort}/other`)).status).toBe(404);
  });

  it('times GraphQL operations by type, name and outcome, webhooks by route and status, activities by type', async () => {
    const turn = await customerTurn(
      stack.port,
      token('customer', 'cus-12'),
      null,
      'How do I export a dashboard to PDF?',
    );
    expect(turn.reply.authorKind).toBe('AI');
    answered = turn.id;
    for (let i = 0; i < 3; i++)
      expect(
        (await gql(stack.port, token('customer', 'cus-12'), `query MetricsProbe { me { id role } }`)).errors,
      ).toBeUndefined();
    const denied = await gql(
      stack.port,
      token('agent', 'agt-1'),
      `mutation MetricsDenied($d: JSON!) { updateEscalationPolicy(document: $d) { version } }`,
      { d: fastPolicy },
    );
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const hook = await fetch(`http://127.0.0.1:${stack.port}/webhooks/stripe`, {
      method: 'POST',
      body: '{}',
      headers: { 'stripe-signature': 't=1,v1=00' },
    });
    expect(hook.status).toBe(400);

    const api = await apiMetrics();
    expect(
      total(api, GRAPHQL, { operation_type: 'mutation', operation_name: 'Start', outcome: 'ok', error_code: '' }),
    ).toBe(1);
    expect(total(api, GRAPHQL, { operation_type: 'query', operation_name: 'MetricsProbe', outcome: 'ok' })).toBe(3);
    expect(
      total(api, GRAPHQL, {
        operation_type: 'mutation',
        operation_name: 'MetricsDenied',
        outcome: 'error',
        error_code: 'FORBIDDEN',
      }),
    ).toBe(1);
    expect(
      total(api, GRAPHQL, { operation_type: 'query', operation_name: 'Conversation', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
    expect(total(api, 'support_graphql_request_duration_seconds_sum', { operation_name: 'Start' })).toBeGreaterThan(0);
    expect(total(api, HTTP, { method: 'POST', route: '/webhooks/stripe', status_code: '400' })).toBe(1);
    expect(total(api, HTTP, { method: 'POST', route: '/graphql', status_code: '200' })).toBeGreaterThanOrEqual(6);

    const worker = await workerMetrics();
    expect(total(worker, ACTIVITY, { activity_type: 'generateAiReply', outcome: 'ok' })).toBe(1);
    expect(total(worker, ACTIVITY, { activity_type: 'persistMessage', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(worker, 'support_worker_cached_workflows')).toBeGreaterThanOrEqual(1);
  });

  it('shows a waiting conversation in the queue gauges for its tier and pools, and counts each ladder step', async () => {
    const before = await apiMetrics();
    const { id, conversation } = await customerTurn(
      stack.port,
      token('customer', 'cus-17'),
      null,
      'Can I talk to a person about our account?',
    );
    expect(conversation.status).toBe('AWAITING_AGENT');
    const waitingBefore = valueOf(before, WAITING, { tier: 'ENTERPRISE' });
    const poolBefore = (pool: string) => total(before, BY_POOL, { pool });

    const queued = await apiMetrics();
    expect(valueOf(queued, WAITING, { tier: 'ENTERPRISE' })).toBe(waitingBefore + 1);
    expect(valueOf(queued, WAITING, { tier: 'PRO' })).toBe(valueOf(before, WAITING, { tier: 'PRO' }));
    for (const pool of conversation.sla.pool) expect(valueOf(queued, BY_POOL, { pool })).toBe(poolBefore(pool) + 1);

    const climbed = await waitFor(async () => {
      const c = (
        await gql(
          stack.port,
          admin,
          `query($id: ID!) { conversation(id: $id) { escalation { at } sla { pool steps { action firedAt } } } }`,
          { id },
        )
      ).data!.conversation;
      return c.sla.steps.every((s: any) => s.firedAt) ? c : undefined;
    }, 30_000);
    // The read model shows a step as soon as its transaction commits; the worker counts it just after, then notifies.
    const worker = await waitFor(async () => {
      const w = await workerMetrics();
      return valueOf(w, LADDER, { action: 'PAGE_LEAD_ONCALL' }) >= 1 &&
        total(w, ACTIVITY, { activity_type: 'notifyAgents', outcome: 'ok' }) >= 4
        ? w
        : undefined;
    }, 10_000);
    for (const action of ['WARN', 'WIDEN_TO_TIER2', 'PAGE_LEAD_ONCALL'])
      expect(valueOf(worker, LADDER, { action })).toBe(1);
    expect(total(worker, ACTIVITY, { activity_type: 'notifyAgents', outcome: 'ok' })).toBe(4); // queued + 3 steps

    const widened = await apiMetrics();
    expect(climbed.sla.pool).toEqual(expect.arrayContaining(['TIER2', 'LEAD', 'ONCALL']));
    for (const pool of climbed.sla.pool) expect(valueOf(widened, BY_POOL, { pool })).toBe(poolBefore(pool) + 1);
    expect(valueOf(widened, 'support_queue_overdue_conversations', { tier: 'ENTERPRISE' })).toBeGreaterThanOrEqual(1);
    const waitedSeconds = (Date.now() - Date.parse(climbed.escalation.at)) / 1000;
    expect(valueOf(widened, 'support_queue_oldest_wait_seconds', { tier: 'ENTERPRISE' })).toBeGreaterThanOrEqual(
      waitedSeconds - 2,
    );

    const claim = await gql(
      stack.port,
      token('agent', 'agt-1'),
      `mutation($id: ID!) { claimConversation(conversationId: $id) { status } }`,
      { id },
    );
    expect(claim.data?.claimConversation.status).toBe('AGENT_ACTIVE');
    expect(valueOf(await apiMetrics(), WAITING, { tier: 'ENTERPRISE' })).toBe(waitingBefore);
  });

  it('counts a failing model as AI provider errors, by provider, operation and reason', async () => {
    const before = await workerMetrics();
    const sent = stub.requests.length;
    stub.respond = () => ({ status: 500 });
    try {
      const { id, reply, conversation } = await customerTurn(
        stack.port,
        token('customer', 'cus-14'),
        null,
        'How do I invite a teammate?',
      );
      expect(reply.authorKind).toBe('SYSTEM');
      expect(conversation.escalation.reason).toBe('AI_UNAVAILABLE');
      await waitFor(
        async () =>
          (await gql(stack.port, admin, `query($id: ID!) { conversation(id: $id) { handoff { summaryBy } } }`, { id }))
            .data!.conversation.handoff,
        20_000,
      );
    } finally {
      stub.respond = modelAnswers;
    }
    const failed = stub.requests.slice(sent);
    const assessFailures = failed.filter((r) => isAssess(r.body)).length;
    const handoffFailures = failed.length - assessFailures;
    expect(assessFailures).toBe(3); // the activity's bounded retries

    const after = await workerMetrics();
    const delta = (name: string, labels: Record<string, string>) =>
      total(after, name, labels) - total(before, name, labels);
    expect(delta(AI_ERRORS, { provider: 'openai', operation: 'generate_reply', reason: 'server_error' })).toBe(
      assessFailures,
    );
    expect(delta(AI_ERRORS, { provider: 'openai', operation: 'write_handoff', reason: 'server_error' })).toBe(
      handoffFailures,
    );
    expect(delta(ACTIVITY, { activity_type: 'generateAiReply', outcome: 'error' })).toBe(assessFailures);
  }, 90_000);

  it('follows graphql-ws connections and their subscriptions', async () => {
    const gauges = async () => {
      const api = await apiMetrics();
      return [valueOf(api, 'support_graphql_ws_connections'), valueOf(api, 'support_graphql_active_subscriptions')];
    };
    expect(await gauges()).toEqual([0, 0]);
    const ws = wsClient(stack.port, token('customer', 'cus-12'));
    const sub = subscribe(ws, `subscription OnMessage($id: ID!) { messageAdded(conversationId: $id) { id } }`, {
      id: answered,
    });
    try {
      await waitFor(
        async () => JSON.stringify(await gauges()) === '[1,1]',
        10_000,
        () => `errors: ${JSON.stringify(sub.errors)}`,
      );
    } finally {
      sub.dispose();
      await ws.dispose();
    }
    await waitFor(async () => JSON.stringify(await gauges()) === '[0,0]', 10_000);
  });
});
