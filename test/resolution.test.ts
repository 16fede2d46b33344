import type { Client as PgClient } from 'pg';
import { demoPolicy, overridePolicy } from './support/policy';
import { CONVERSATION, customerTurn, errorCode, gql, pg, startStack, token, waitFor } from './support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let db: PgClient;
let policy: { restore(): Promise<void> } | undefined;
const CONFIRM = `mutation($id: ID!) { confirmResolved(conversationId: $id) { id status resolvedBy } }`;

beforeAll(async () => {
  stack = await startStack('resolution');
  db = await pg();
  // Seconds instead of a day, so a test can watch an AI-only conversation go quiet and resolve.
  policy = await overridePolicy(stack.port, { ...demoPolicy, aiResolvedAfterInactivitySeconds: 2 });
});
afterAll(async () => {
  try {
    await policy?.restore();
  } finally {
    await db?.end();
    await stack?.stop();
  }
});

const read = async (id: string, auth: string) => (await gql(stack.port, auth, CONVERSATION, { id })).data!.conversation;

const RESOLVED_BY_AI_THEN_REOPENED =
  'an AI-only conversation with no customer message for the policy’s time is resolved by the AI (a durable timer); a new message reopens it with the AI';

describe('how a conversation ends', () => {
  it(RESOLVED_BY_AI_THEN_REOPENED, async () => {
    const me = token('customer', 'cus-02');
    const { id, conversation } = await customerTurn(stack.port, me, null, 'How do I export a dashboard to PDF?');
    expect(conversation.resolvedBy).toBeNull();
    const resolved = await waitFor(async () => {
      const c = await read(id, me);
      return c.status === 'RESOLVED' ? c : undefined;
    }, 15_000);
    expect(resolved.resolvedBy).toBe('AI');

    const again = await customerTurn(stack.port, me, id, 'One more: can I export a single chart as PNG?');
    expect(again.reply.authorKind).toBe('AI');
    expect(again.conversation).toMatchObject({ status: 'AI_ACTIVE', resolvedBy: null });
    const events = await db.query(
      `SELECT kind, data FROM conversation_events WHERE conversation_id = $1 AND kind IN ('resolved', 'reopened') ORDER BY id`,
      [id],
    );
    expect(events.rows.map((r) => [r.kind, r.data.by ?? r.data.to])).toEqual([
      ['resolved', 'AI'],
      ['reopened', 'AI'],
    ]);
  });

  it('the customer can say "that solved it", then rate the AI-only conversation once', async () => {
    const me = token('customer', 'cus-03');
    const { id } = await customerTurn(stack.port, me, null, 'How do I change the chart colours?');
    expect(errorCode(await gql(stack.port, token('customer', 'cus-04'), CONFIRM, { id }))).toBe('NOT_FOUND');
    const done = (await gql(stack.port, me, CONFIRM, { id })).data!.confirmResolved;
    expect(done).toEqual({ id, status: 'RESOLVED', resolvedBy: 'AI' });
    expect((await gql(stack.port, me, CONFIRM, { id })).data!.confirmResolved.status).toBe('RESOLVED'); // idempotent
    expect(
      (
        await gql(stack.port, me, `mutation($id: ID!) { rateConversation(conversationId: $id, score: 5) { id } }`, {
          id,
        })
      ).errors,
    ).toBeUndefined();
    const rating = await db.query('SELECT score, escalated FROM conversation_ratings WHERE conversation_id = $1', [id]);
    expect(rating.rows).toEqual([{ score: 5, escalated: false }]); // AI-only CSAT, told apart from post-escalation
  });

  it('a conversation a person handles is resolved by the agent, not confirmed away by the customer', async () => {
    const me = token('customer', 'cus-05');
    const { id } = await customerTurn(stack.port, me, null, 'I need to talk to a human, please.');
    expect(errorCode(await gql(stack.port, me, CONFIRM, { id }))).toBe('BAD_USER_INPUT');
  });
});

describe('supportMetrics', () => {
  it('equals what the test computes by hand from the conversations it created', async () => {
    // A window that starts after every conversation the earlier tests of this file created: read from the
    // database's clock, which stamped them, once they are committed.
    const from = new Date((await db.query('SELECT now() AS t')).rows[0].t);
    const agent = token('agent', 'agt-1');
    // A: the AI solves it and the customer says so, rating 4.
    const a = await customerTurn(
      stack.port,
      token('customer', 'cus-06'),
      null,
      'How do I add a date filter to a dashboard?',
    );
    await gql(stack.port, token('customer', 'cus-06'), CONFIRM, { id: a.id });
    await gql(
      stack.port,
      token('customer', 'cus-06'),
      `mutation($id: ID!) { rateConversation(conversationId: $id, score: 4) { id } }`,
      { id: a.id },
    );
    // B: answered by the AI, then the customer goes quiet: resolved by the AI on the inactivity timer.
    const b = await customerTurn(stack.port, token('customer', 'cus-07'), null, 'Where can I see my invoices?');
    // C: asks for a person; claimed once B has gone quiet for long enough to be resolved (below).
    const c = await customerTurn(stack.port, token('customer', 'cus-08'), null, 'Can I talk to a real person, please?');
    // D: an undocumented feature: escalated for low confidence, still waiting.
    const d = await customerTurn(
      stack.port,
      token('customer', 'cus-01'),
      null,
      'Is there an Apple Watch app so I can see KPIs on my wrist?',
    );
    expect(d.conversation.escalation.reason).toBe('LOW_CONFIDENCE');
    await waitFor(async () => (await read(b.id, token('customer', 'cus-07'))).status === 'RESOLVED', 15_000);
    // By now C has waited for a person for a measurable time (B's quiet time is longer than C's turn).
    const escalatedAt = Date.parse(c.conversation.escalation.at);
    await waitFor(() => Date.now() - escalatedAt >= 1000, 5_000);
    await gql(stack.port, agent, `mutation($id: ID!) { claimConversation(conversationId: $id) { id } }`, { id: c.id });
    await gql(
      stack.port,
      agent,
      `mutation($id: ID!) { resolveConversation(conversationId: $id, resolution: { summary: "helped" }) { id } }`,
      { id: c.id },
    );
    await gql(
      stack.port,
      token('customer', 'cus-08'),
      `mutation($id: ID!) { rateConversation(conversationId: $id, score: 2) { id } }`,
      { id: c.id },
    );
    const to = new Date(Date.now() + 1000);

    const row = await db.query(
      'SELECT extract(epoch FROM claimed_at - escalated_at) AS s FROM conversations WHERE id = $1',
      [c.id],
    );
    const tth = Math.round(Number(row.rows[0].s) * 1000) / 1000;
    const m = (
      await gql(
        stack.port,
        agent,
        `query($from: DateTime!, $to: DateTime!) { supportMetrics(from: $from, to: $to) { conversations aiResolved aiResolutionRate escalations escalationRate
           escalationsByTrigger { trigger count } timeToHumanSeconds { p50 p90 } timeToClaimSeconds { p50 p90 } slaSteps { action count }
           csatAiOnly csatAfterEscalation reopens } }`,
        { from: from.toISOString(), to: to.toISOString() },
      )
    ).data!.supportMetrics;
    expect(m).toEqual({
      conversations: 4,
      aiResolved: 2,
      aiResolutionRate: 0.5,
      escalations: 2,
      escalationRate: 0.5,
      escalationsByTrigger: [
        { trigger: 'EXPLICIT_REQUEST', count: 1 },
        { trigger: 'LOW_CONFIDENCE', count: 1 },
      ],
      timeToHumanSeconds: { p50: tth, p90: tth },
      timeToClaimSeconds: { p50: expect.any(Number), p90: expect.any(Number) },
      slaSteps: [],
      csatAiOnly: 4,
      csatAfterEscalation: 2,
      reopens: 0,
    });
    expect(tth).toBeGreaterThanOrEqual(1);
    expect(Math.abs(m.timeToClaimSeconds.p50 - tth)).toBeLessThan(0.2); // one wait, from escalation to claim
    const pro = (
      await gql(
        stack.port,
        agent,
        `query($from: DateTime!, $to: DateTime!) { supportMetrics(from: $from, to: $to, tier: PRO) { conversations } }`,
        { from: from.toISOString(), to: to.toISOString() },
      )
    ).data!.supportMetrics;
    expect(pro.conversations).toBe(0); // all four customers are on Free
    expect(
      errorCode(
        await gql(
          stack.port,
          token('customer', 'cus-06'),
          `query { supportMetrics(from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z") { conversations } }`,
        ),
      ),
    ).toBe('FORBIDDEN');
  });
});
