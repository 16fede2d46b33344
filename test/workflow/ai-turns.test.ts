import { ApplicationFailure } from '@temporalio/common';
import { type AiRequest, aiTurn, fastPolicy } from './fake-activities';
import { type ConversationWorker, rejectionOf, startConversationWorker } from './harness';

/** The AI's turns: patience on one problem, the AI failing, and long conversations handed over to a new run. */
let w: ConversationWorker;
beforeAll(async () => {
  w = await startConversationWorker();
});
afterAll(async () => w?.stop());

/** A message saying it "still" fails continues the previous problem; anything else starts a new one. */
const followUps = (req: AiRequest) => aiTurn({ continuesPrevious: /\bstill\b/i.test(req.question) });
const patience = (FREE: number, ENTERPRISE: number) =>
  fastPolicy({}, { patience: { maxAiTurnsWithoutResolution: { FREE, PRO: FREE, ENTERPRISE } } });

describe('patience', () => {
  it('hands over when one problem needs more AI answers than the tier allows; a new problem starts the count again', async () => {
    const c = await w.start({ first: 'How do I connect Google Sheets?', policy: patience(2, 2), ai: followUps });
    const turns = [
      'It still fails with an auth error.',
      'Different question: how do I rename a dashboard?',
      'Renaming still does nothing.',
      'It still does nothing after a reload.',
    ];
    await c.fake.nextEvent('turn_decided');
    for (const [i, body] of turns.entries()) {
      await c.says(body);
      await c.fake.nextEvent('turn_decided', i + 1);
    }
    const decisions = c.fake.eventsOf('turn_decided').map((e) => e.data);
    expect(decisions.map((d) => d.aiTurnsOnProblem)).toEqual([1, 2, 1, 2, 3]);
    expect(decisions.map((d) => d.escalate)).toEqual([false, false, false, false, true]);

    const escalated = await c.fake.nextEvent('escalated');
    expect(escalated.data.reason).toBe('PATIENCE');
    expect(escalated.data.triggers.find((t: any) => t.kind === 'PATIENCE')).toMatchObject({
      fired: true,
      score: 3,
      threshold: 2,
    });
    // Four AI answers, then a notice from the system instead of a fifth.
    const notice = await c.fake.until(() => c.fake.messages.find((m) => m.authorKind === 'SYSTEM'));
    expect(notice.body).toMatch(/bringing in a person/);
    expect(c.fake.messages.filter((m) => m.authorKind === 'AI')).toHaveLength(4);
  });

  it('allows as many answers as the customer’s tier does', async () => {
    const c = await w.start({
      first: 'How do I connect Google Sheets?',
      policy: patience(4, 1),
      tier: 'ENTERPRISE',
      ai: followUps,
    });
    await c.fake.nextEvent('turn_decided');
    await c.says('It still fails with an auth error.');
    const escalated = await c.fake.nextEvent('escalated');
    expect(escalated.data.reason).toBe('PATIENCE');
    expect(c.fake.eventsOf('turn_decided').map((e) => e.data.tier)).toEqual(['ENTERPRISE', 'ENTERPRISE']);
  });
});

describe('the AI failing', () => {
  it('hands the conversation to a person and tells the customer so', async () => {
    const c = await w.start({
      first: 'How do I export a dashboard to PDF?',
      policy: fastPolicy(),
      ai: () => {
        throw ApplicationFailure.nonRetryable('model unavailable');
      },
    });
    const escalated = await c.fake.nextEvent('escalated');
    expect(escalated).toMatchObject({ status: 'AWAITING_AGENT', data: { reason: 'AI_UNAVAILABLE' } });
    const notice = await c.fake.until(() => c.fake.messages.find((m) => m.authorKind === 'SYSTEM'));
    expect(notice.body).toMatch(/can't answer right now/);
    expect(c.fake.messages.map((m) => m.authorKind)).toEqual(['CUSTOMER', 'SYSTEM']);
  });
});

describe('continue-as-new', () => {
  it('carries the turns, the replies and the recent message ids: a resend to the new run earns no second answer', async () => {
    const first = 'How do I connect Google Sheets?';
    const c = await w.start({ first, policy: fastPolicy(), continueAsNewAfterTurns: 2 });
    await c.fake.nextEvent('turn_decided');
    await c.says('How often does it refresh?');
    expect(await c.stateWhen((s) => s.run === 2)).toMatchObject({
      status: 'AI_ACTIVE',
      customerTurns: 2,
      aiReplies: 2,
      pendingTurns: 0,
    });

    // A client that missed its acknowledgement sends the first message again, now to the second run.
    expect(await c.says(first, c.firstMessageId)).toMatchObject({ seq: 1, resent: true });
    await c.says('Is there a row limit?');
    await c.fake.nextEvent('turn_decided', 2);
    expect(c.fake.aiRequests.map((r) => r.question)).toEqual([
      first,
      'How often does it refresh?',
      'Is there a row limit?',
    ]);
    // What the AI reads of the earlier turns came across too.
    expect(c.fake.aiRequests[2].previousTurns).toEqual([first, 'How often does it refresh?']);
    expect(await c.state()).toMatchObject({ run: 2, customerTurns: 3, aiReplies: 3 });
  });

  it('carries a waiting conversation’s ladder, then its assignee, across runs', async () => {
    const c = await w.start({
      first: 'Can I talk to a person?',
      policy: fastPolicy({ timeToClaimSeconds: 3 }),
      continueAsNewAfterTurns: 2,
    });
    const escalated = await c.fake.nextEvent('escalated');
    const startedAt = Date.parse(escalated.data.deadline) - 3000;
    await c.says('I am here when someone is free.');
    expect(await c.stateWhen((s) => s.run === 2)).toMatchObject({
      status: 'AWAITING_AGENT',
      escalationReason: 'EXPLICIT_REQUEST',
      pool: ['TIER1'],
    });

    // The step the first run planned fires in the second, on time.
    const warn = await c.fake.nextEvent('sla_step');
    expect(warn.runId).not.toBe(escalated.runId);
    expect(Date.parse(warn.data.dueAt) - startedAt).toBe(1500);
    // On time: fired before the next step (at 100%, 1.5 s later) is due, across the continue-as-new.
    expect(Date.parse(warn.data.firedAt) - Date.parse(warn.data.dueAt)).toBeLessThan(1500);

    await c.claim('agt-1');
    await c.agentSays('agt-1', 'Hi, Ada here.');
    await c.says('Thanks!');
    await c.says('Our workspace is acme.');
    expect(await c.stateWhen((s) => s.run === 3)).toMatchObject({
      status: 'AGENT_ACTIVE',
      assignee: 'agt-1',
      customerTurns: 4,
    });
    expect(await rejectionOf(c.agentSays('agt-2', 'I can take this.'))).toBe('FORBIDDEN');
    await c.agentSays('agt-1', 'Got it, looking at acme now.');
    expect(c.fake.eventsOf('escalated')).toHaveLength(1);
    expect(c.fake.aiRequests).toHaveLength(1); // the AI stayed silent once a person was involved
  });
});
