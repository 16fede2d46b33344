import { CONVERSATION, customerTurn, errorCode, gql, staffToken, startStack, token, waitFor } from './support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack('escalation');
});
afterAll(async () => stack?.stop());

const kinds = (c: any) => c.messages.edges.map((e: any) => e.node.authorKind);

describe('each trigger fires on its case, on the real workflow', () => {
  it('stays with the AI on a neutral, documented question (control)', async () => {
    const { conversation, reply } = await customerTurn(
      stack.port,
      token('customer', 'cus-12'),
      null,
      'How do I change the chart colours on my dashboard?',
      { route: '/dashboards/940/edit' },
    );
    expect(reply.authorKind).toBe('AI');
    expect(reply.ai.sources[0].id).toBe('kb-008');
    expect(conversation.status).toBe('AI_ACTIVE');
    expect(conversation.escalation).toBeNull();
  });

  it('EXPLICIT_REQUEST: no AI answer, a SYSTEM notice with the place in line, the handoff ready', async () => {
    const { conversation, reply } = await customerTurn(
      stack.port,
      token('customer', 'cus-13'),
      null,
      'Could you put me through to a real person please? It is about our workspace setup.',
    );
    expect(reply.authorKind).toBe('SYSTEM');
    expect(reply.body).toMatch(/person from our team/);
    expect(reply.body).toMatch(/number \d+ in line/);
    expect(kinds(conversation)).toEqual(['CUSTOMER', 'SYSTEM']);
    expect(conversation.status).toBe('AWAITING_AGENT');
    expect(conversation.escalation.reason).toBe('EXPLICIT_REQUEST');
    expect(conversation.escalation.triggers.find((t: any) => t.kind === 'EXPLICIT_REQUEST').evidence).toMatch(
      /person/i,
    );
    expect(conversation.escalation.policyVersion).toBeGreaterThanOrEqual(1);
    expect(conversation.sla.pool).toEqual(['TIER1']);
    expect(conversation.queue.position).toBeGreaterThanOrEqual(1);
    const h = await waitFor(
      async () =>
        (await gql(stack.port, token('agent', 'agt-1'), CONVERSATION, { id: conversation.id })).data!.conversation
          .handoff,
    );
    expect(h.goal).toMatch(/real person/);
    expect(h.whyStopped).toMatch(/asked for a person/);
    expect(h.account).toMatchObject({ customerId: 'cus-13', tier: 'PRO' });
  });

  it('CATEGORY: a billing dispute goes to a person with its category', async () => {
    const { conversation, reply } = await customerTurn(
      stack.port,
      token('customer', 'cus-14'),
      null,
      'We were billed twice for November, 2 identical charges of $240. Please refund the duplicate one.',
      { route: '/settings/billing/invoices' },
    );
    expect(reply.authorKind).toBe('SYSTEM');
    expect(conversation.escalation).toMatchObject({ reason: 'CATEGORY', category: 'billing_dispute' });
    expect(conversation.handoff?.flags ?? []).toBeDefined();
  });

  it('CATEGORY stays quiet on a billing question that is not a dispute', async () => {
    const { reply, conversation } = await customerTurn(
      stack.port,
      token('customer', 'cus-15'),
      null,
      'Where can I download our past invoices as PDF?',
      { route: '/settings/billing' },
    );
    expect(reply.authorKind).toBe('AI');
    expect(conversation.status).toBe('AI_ACTIVE');
  });

  it('FRUSTRATION: the same question again, reworded, after an answer', async () => {
    const auth = token('customer', 'cus-05');
    const first = await customerTurn(stack.port, auth, null, 'How do I add a teammate to my workspace?', {
      route: '/settings/members',
    });
    expect(first.reply.authorKind).toBe('AI');
    const second = await customerTurn(
      stack.port,
      auth,
      first.id,
      "you didn't answer me. HOW do I add a teammate to the workspace??",
    );
    expect(second.reply.authorKind).toBe('SYSTEM');
    expect(second.conversation.escalation.reason).toBe('FRUSTRATION');
    expect(second.conversation.escalation.sentiment).toBeLessThan(0);
  });

  it('LOW_CONFIDENCE: an undocumented feature gets an honest hand-off, never the low-confidence answer', async () => {
    const { conversation, reply } = await customerTurn(
      stack.port,
      token('customer', 'cus-06'),
      null,
      'Is there a native app for Apple Watch so I can glance at my KPIs?',
    );
    expect(reply.authorKind).toBe('SYSTEM');
    expect(reply.body).toMatch(/not confident/);
    expect(kinds(conversation)).not.toContain('AI');
    expect(conversation.escalation.reason).toBe('LOW_CONFIDENCE');
    const low = conversation.escalation.triggers.find((t: any) => t.kind === 'LOW_CONFIDENCE');
    expect(low.score).toBeLessThan(low.threshold);
    expect(low.threshold).toBe(0.45); // FREE
  });

  it('PATIENCE: an Enterprise customer whose problem persists after two AI answers', async () => {
    const auth = token('customer', 'cus-21');
    const page = { route: '/integrations/postgres', errorMessage: 'PG-TIMEOUT: Connection timed out after 30 seconds' };
    const t0 = await customerTurn(
      stack.port,
      auth,
      null,
      'Our Postgres connection times out with PG-TIMEOUT when we add it.',
      page,
    );
    expect(t0.reply.authorKind).toBe('AI');
    const t1 = await customerTurn(
      stack.port,
      auth,
      t0.id,
      'We allowlisted the three EU IP addresses in our firewall on port 5432, still timing out.',
    );
    expect(t1.reply.authorKind).toBe('AI');
    const t2 = await customerTurn(
      stack.port,
      auth,
      t0.id,
      'Also tried connecting through the SSH tunnel from our bastion host. Same PG-TIMEOUT.',
    );
    expect(t2.reply.authorKind).toBe('SYSTEM');
    expect(t2.conversation.escalation.reason).toBe('PATIENCE');
    const p = t2.conversation.escalation.triggers.find((t: any) => t.kind === 'PATIENCE');
    expect(p).toMatchObject({ fired: true, score: 3, threshold: 2 });
  });

  it('the "talk to a person" button escalates at once and is idempotent', async () => {
    const auth = token('customer', 'cus-07');
    const { id } = await customerTurn(stack.port, auth, null, 'How do I share a dashboard with someone outside Lumen?');
    const REQUEST = `mutation($id: ID!) { requestHuman(conversationId: $id) { id status escalation { reason triggers { kind evidence } } } }`;
    const first = await gql(stack.port, auth, REQUEST, { id });
    expect(first.data!.requestHuman.status).toBe('AWAITING_AGENT');
    // The customer is not shown the escalation's evidence; the team reads it.
    expect(first.data!.requestHuman.escalation).toBeNull();
    const seen = (await gql(stack.port, staffToken(), CONVERSATION, { id })).data!.conversation;
    expect(seen.escalation.reason).toBe('EXPLICIT_REQUEST');
    const again = await gql(stack.port, auth, REQUEST, { id });
    expect(again.data!.requestHuman.status).toBe('AWAITING_AGENT');
    const c = (await gql(stack.port, auth, CONVERSATION, { id })).data!.conversation;
    expect(kinds(c).filter((k: string) => k === 'SYSTEM')).toHaveLength(1);
    // Another customer's conversation: NOT_FOUND; an agent may not press the customer's button.
    expect(errorCode(await gql(stack.port, token('customer', 'cus-08'), REQUEST, { id }))).toBe('NOT_FOUND');
    expect(errorCode(await gql(stack.port, token('agent', 'agt-1'), REQUEST, { id }))).toBe('FORBIDDEN');
  });
});
