import type { ScheduleDescription } from '@temporalio/client';
import {
  customerTurn,
  errorCode,
  gql,
  startProcess,
  startStack,
  temporalClient,
  token,
  waitFor,
  type Proc,
} from './support/stack';
import { startSlackStub, type SlackStub } from './stubs/slack-stub';

/**
 * Operational insights over real conversations (GraphQL → Temporal → PostgreSQL): a planted KB gap asked four ways
 * in three languages, a recurring error code, the routes they come from and two accounts at risk; then the weekly
 * review digest, started through its Temporal Schedule, arriving in Slack.
 */
type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let slack: SlackStub;
// Other test files share this database: only what this file plants falls in [since, …).
const since = new Date();
const SLACK_TOKEN = 'xoxb-test-slack-insights-0001';

const INSIGHTS = `query($from: DateTime!, $to: DateTime!, $top: Int) { insights(from: $from, to: $to, top: $top) {
  from to
  kbGaps { label count examples { id status customer { id } } }
  recurringErrors { code count routes examples { id } }
  hotRoutes { route count escalations }
  accountsAtRisk { customer { id name } reasons }
} }`;
const CLAIM = `mutation($id: ID!) { claimConversation(conversationId: $id) { id status } }`;

const SF401 = 'SF-401: Salesforce session expired or invalid';
const ids: Record<string, string> = {};

async function plant(key: string, customer: string, turns: string[], page?: Record<string, unknown>) {
  const auth = token('customer', customer);
  let id: string | null = null;
  let last: Awaited<ReturnType<typeof customerTurn>> | null = null;
  for (const body of turns) {
    last = await customerTurn(stack.port, auth, id, body, id ? undefined : page);
    id = last.id;
  }
  ids[key] = id!;
  return { key, conversation: last!.conversation };
}

beforeAll(async () => {
  slack = await startSlackStub({ token: SLACK_TOKEN, channels: { '#support': 'C0SUPPORT', '#support-ops': 'C0OPS' } });
  stack = await startStack('insights', {
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    SLACK_CHANNELS: JSON.stringify({ default: '#support', WEEKLY_DIGEST: '#support-ops' }),
  });
  const planted = await Promise.all([
    // One question the KB does not answer, asked four ways (English, French, German), each handed to a person.
    plant('ppt1', 'cus-02', ['Can I export a dashboard to PowerPoint?'], { route: '/dashboards/940' }),
    plant('ppt2', 'cus-06', ['Est-ce que je peux exporter un tableau de bord vers PowerPoint ?'], {
      route: '/dashboards/17',
    }),
    plant('ppt3', 'cus-16', ['Kann ich ein Dashboard nach PowerPoint exportieren?'], { route: '/dashboards/2210' }),
    plant('ppt4', 'cus-04', ['Is there a way to download my charts as a PowerPoint deck?'], {
      route: '/dashboards/55',
    }),
    // A second, smaller gap, and a question asked once (not a recurring gap).
    plant('quiet1', 'cus-01', ['Can I set quiet hours for alerts?'], { route: '/alerts' }),
    plant('quiet2', 'cus-03', ["Is there a quiet hours setting so alerts don't fire at night?"], { route: '/alerts' }),
    plant('watch', 'cus-05', ['Is there a native app for Apple Watch so I can glance at my KPIs?']),
    // The same error code on three pages (the AI answers these), and a code seen once.
    plant('sf1', 'cus-09', ['how do i fix this'], { route: '/integrations/salesforce', errorMessage: SF401 }),
    plant('sf2', 'cus-13', ['our sync stopped, what does this mean?'], {
      route: '/integrations/salesforce/',
      errorMessage: SF401,
    }),
    plant('sf3', 'cus-19', ['the numbers on this dashboard stopped updating'], {
      route: '/dashboards/812',
      errorMessage: 'SF-401 Salesforce token expired',
    }),
    plant('gs', 'cus-11', ['how do i fix this'], {
      route: '/integrations/google-sheets',
      errorMessage: 'GS-404: Spreadsheet not found',
    }),
    // cus-16 again: asks for a person, and twice loses patience after an answer.
    plant('human', 'cus-16', ['I would like to speak with a human, please.']),
    plant(
      'angry1',
      'cus-16',
      ['How do I add a teammate to my workspace?', "you didn't answer me. HOW do I add a teammate to the workspace??"],
      { route: '/settings/members' },
    ),
    plant(
      'angry2',
      'cus-16',
      [
        'How do I rotate an API key?',
        'I asked how to rotate the API key and you still have not told me. HOW do I rotate it??',
      ],
      { route: '/settings/api-keys' },
    ),
    // cus-10 reports a failed payment (the AI answers from the KB).
    plant('payment', 'cus-10', ['Our card payment failed this month, what do we do?'], { route: '/settings/billing' }),
  ]);
  const reasons = Object.fromEntries(planted.map((p) => [p.key, p.conversation.escalation?.reason ?? null]));
  // The planted conversations went where the analysis sends them; the rest of the file relies on it.
  expect(reasons).toEqual({
    ppt1: 'LOW_CONFIDENCE',
    ppt2: 'LOW_CONFIDENCE',
    ppt3: 'LOW_CONFIDENCE',
    ppt4: 'LOW_CONFIDENCE',
    quiet1: 'LOW_CONFIDENCE',
    quiet2: 'LOW_CONFIDENCE',
    watch: 'LOW_CONFIDENCE',
    sf1: null,
    sf2: null,
    sf3: null,
    gs: null,
    human: 'EXPLICIT_REQUEST',
    angry1: 'FRUSTRATION',
    angry2: 'FRUSTRATION',
    payment: null,
  });
  // People take the gap conversations.
  for (const [k, agent] of [
    ['ppt1', 'agt-1'],
    ['ppt2', 'agt-2'],
    ['ppt3', 'agt-1'],
    ['ppt4', 'agt-2'],
  ]) {
    const r = await gql(stack.port, token('agent', agent), CLAIM, { id: ids[k] });
    expect(r.data?.claimConversation.status).toBe('AGENT_ACTIVE');
  }
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  await slack?.stop();
});

const sorted = (xs: string[]) => [...xs].sort();
const window = () => ({ from: since.toISOString(), to: new Date(Date.now() + 60_000).toISOString() });

describe('insights', () => {
  it('finds the planted KB gap across languages, the second gap, and drops the question asked once', async () => {
    const r = await gql(stack.port, token('agent', 'agt-3'), INSIGHTS, window());
    expect(r.errors).toBeUndefined();
    const gaps = r.data!.insights.kbGaps;
    expect(gaps.map((g: any) => g.count)).toEqual([4, 2]);
    expect(gaps[0].label).toMatch(/PowerPoint/);
    expect(sorted(gaps[0].examples.map((c: any) => c.id))).toEqual(sorted([ids.ppt1, ids.ppt2, ids.ppt3, ids.ppt4]));
    expect(gaps[0].examples.every((c: any) => c.status === 'AGENT_ACTIVE')).toBe(true);
    expect(sorted(gaps[0].examples.map((c: any) => c.customer.id))).toEqual(['cus-02', 'cus-04', 'cus-06', 'cus-16']);
    expect(gaps[1].label).toMatch(/quiet hours/);
    expect(sorted(gaps[1].examples.map((c: any) => c.id))).toEqual(sorted([ids.quiet1, ids.quiet2]));
    const all = gaps.flatMap((g: any) => g.examples.map((c: any) => c.id));
    expect(all).not.toContain(ids.watch);
    expect(all).not.toContain(ids.human);
  });

  it('finds the recurring error code with its routes and conversations, escalated or not', async () => {
    const r = await gql(stack.port, token('admin', 'adm-1'), INSIGHTS, window());
    const errors = r.data!.insights.recurringErrors;
    expect(errors.map((e: any) => ({ ...e, examples: sorted(e.examples.map((c: any) => c.id)) }))).toEqual([
      {
        code: 'SF-401',
        count: 3,
        routes: ['/dashboards/:id', '/integrations/salesforce'],
        examples: sorted([ids.sf1, ids.sf2, ids.sf3]),
      },
    ]);
  });

  it('ranks the routes conversations start from, ids folded, with their escalations', async () => {
    const r = await gql(stack.port, token('agent', 'agt-3'), INSIGHTS, window());
    expect(r.data!.insights.hotRoutes).toEqual([
      { route: '/dashboards/:id', count: 5, escalations: 4 },
      { route: '/alerts', count: 2, escalations: 2 },
      { route: '/integrations/salesforce', count: 2, escalations: 0 },
      { route: '/settings/api-keys', count: 1, escalations: 1 },
      { route: '/settings/members', count: 1, escalations: 1 },
      { route: '/integrations/google-sheets', count: 1, escalations: 0 },
      { route: '/settings/billing', count: 1, escalations: 0 },
    ]);
    const top2 = await gql(stack.port, token('agent', 'agt-3'), INSIGHTS, { ...window(), top: 2 });
    expect(top2.data!.insights.hotRoutes.map((h: any) => h.route)).toEqual(['/dashboards/:id', '/alerts']);
  });

  it('names the accounts at risk and says why', async () => {
    const r = await gql(stack.port, token('agent', 'agt-3'), INSIGHTS, window());
    expect(r.data!.insights.accountsAtRisk).toEqual([
      {
        customer: { id: 'cus-16', name: 'Kaspar Huber' },
        reasons: [
          'repeated frustration: frustrated in 2 conversations (2 escalated for it)',
          'many escalations: 4 conversations reached a person',
        ],
      },
      {
        customer: { id: 'cus-10', name: 'Daniel Novák' },
        reasons: ['payment failures: reported a failed payment in 1 conversation'],
      },
    ]);
  });

  it('is for agents and admins only, and rejects a bad window', async () => {
    expect(errorCode(await gql(stack.port, token('customer', 'cus-16'), INSIGHTS, window()))).toBe('FORBIDDEN');
    expect(errorCode(await gql(stack.port, null, INSIGHTS, window()))).toBe('UNAUTHENTICATED');
    const backwards = await gql(stack.port, token('admin', 'adm-1'), INSIGHTS, {
      from: window().to,
      to: since.toISOString(),
    });
    expect(errorCode(backwards)).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(stack.port, token('admin', 'adm-1'), INSIGHTS, { ...window(), top: 0 }))).toBe(
      'BAD_USER_INPUT',
    );
    // A window before anything was planted is empty, not an error.
    const before = await gql(stack.port, token('admin', 'adm-1'), INSIGHTS, {
      from: '2001-01-01T00:00:00Z',
      to: '2001-01-08T00:00:00Z',
    });
    expect(before.data!.insights).toMatchObject({ kbGaps: [], recurringErrors: [], hotRoutes: [], accountsAtRisk: [] });
  });
});

describe('the weekly review digest', () => {
  const SCHEDULE_ID = 'weekly-review-digest';
  const describeSchedule = async (): Promise<ScheduleDescription> => {
    const t = await temporalClient();
    try {
      return await t.client.schedule.getHandle(SCHEDULE_ID).describe();
    } finally {
      await t.close();
    }
  };

  it('the worker sets up the schedule on this task queue, Mondays 09:00 UTC by default', async () => {
    const d = await describeSchedule();
    expect(d.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'weeklyDigestWorkflow',
      taskQueue: stack.env.TEMPORAL_TASK_QUEUE,
    });
    const next = d.info.nextActionTimes[0];
    expect([next.getUTCDay(), next.getUTCHours(), next.getUTCMinutes()]).toEqual([1, 9, 0]);
  });

  it('another worker starting with another cron updates the one schedule instead of failing', async () => {
    let second: Proc | null = null;
    try {
      second = await startProcess('worker', {
        ...stack.env,
        REVIEW_DIGEST_CRON: '30 7 * * 5',
        REVIEW_DIGEST_TIMEZONE: 'Europe/Berlin',
      });
      expect(second.output()).toMatch(/review digest schedule updated/);
      const d = await describeSchedule();
      const next = d.info.nextActionTimes[0];
      const berlin = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Berlin',
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }).format(next);
      expect(berlin).toBe('Fri 07:30');
      expect(d.action).toMatchObject({ taskQueue: stack.env.TEMPORAL_TASK_QUEUE });
    } finally {
      await second?.stop();
    }
  });

  it('triggered, it sends the digest with the gap and the error code to the Slack channel for digests', async () => {
    const t = await temporalClient();
    try {
      const handle = t.client.schedule.getHandle(SCHEDULE_ID);
      await handle.trigger();
      const posted = await waitFor(() => slack.messages.find((m) => m.channel === 'C0OPS'), 30_000).catch(
        async (err: Error) => {
          // Say where the digest got stuck: the run the trigger started (if any) and its activity's attempts.
          const d = await handle.describe();
          const runs = [...d.info.runningActions, ...d.info.recentActions.map((a) => a.action)].map((a) => a.workflow);
          const states = await Promise.all(
            runs.map(async (r) => {
              const w = await t.client.workflow.getHandle(r.workflowId, r.firstExecutionRunId).describe();
              const pending = (w.raw.pendingActivities ?? []).map(
                (a) => `${a.activityType?.name} attempt ${a.attempt}: ${a.lastFailure?.message ?? 'no failure yet'}`,
              );
              return `${r.workflowId} ${w.status.name} ${pending.join('; ')}`;
            }),
          );
          const channels = slack.messages.map((m) => m.channel).join(',');
          const said = stack.worker
            .output()
            .split('\n')
            .filter((l) => /digest|unexpected|error/i.test(l))
            .slice(-10);
          throw new Error(
            `${err.message}; digest runs: [${states.join(' | ')}]; slack saw: [${channels}]; worker said:\n${said.join('\n')}`,
          );
        },
      );
      expect(posted.text).toMatch(/^\*Weekly support review, \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(UTC\)\*/);
      expect(posted.text).toMatch(/Knowledge-base gaps[^\n]*\n• "[^"\n]*PowerPoint[^"\n]*": \d+ conversations/);
      expect(posted.text).toMatch(
        /Recurring errors\*\n(• [^\n]*\n)*• SF-401: \d+ conversations on [^\n]*\/integrations\/salesforce/,
      );
      // The run the schedule started finished and says where the digest went.
      const run = await waitFor(async () => (await handle.describe()).info.recentActions[0]?.action.workflow);
      const result = await t.client.workflow.getHandle(run.workflowId, run.firstExecutionRunId).result();
      expect(result).toMatchObject({ delivered: ['in_app', 'slack'] });
      expect(result.kbGaps).toBeGreaterThanOrEqual(1);

      // The same digest is kept in-app for the console, whether or not Slack is configured.
      const DIGESTS = `query($first: Int, $after: String) { reviewDigests(first: $first, after: $after) {
        edges { cursor node { id title sections { heading lines } createdAt } }
        pageInfo { hasNextPage endCursor }
      } }`;
      const kept = (await gql(stack.port, token('agent', 'agt-7'), DIGESTS, { first: 1 })).data!.reviewDigests.edges[0]
        .node;
      expect(posted.text.startsWith(`*${kept.title}*`)).toBe(true);
      const gaps = kept.sections.find((x: any) => x.heading.startsWith('Knowledge-base gaps'));
      expect(gaps.lines.some((l: string) => /PowerPoint/.test(l))).toBe(true);
      expect(
        kept.sections
          .find((x: any) => x.heading === 'Recurring errors')
          .lines.some((l: string) => l.startsWith('SF-401:')),
      ).toBe(true);
      expect(errorCode(await gql(stack.port, token('customer', 'cus-01'), DIGESTS, {}))).toBe('FORBIDDEN');
    } finally {
      await t.close();
    }
    expect(stack.worker.output()).not.toContain(SLACK_TOKEN);
  });
});
