import { ApplicationFailure } from '@temporalio/common';
import { type AiRequest, aiTurn, fastPolicy } from './fake-activities';
import { customerMessageStoredSignal } from '../../workflows/conversation/conversation.messages';
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

describe.each([
  ['a regular activity', false],
  ['a local activity inside the workflow task', true],
])('the AI failing, as %s', (_, aiInWorkflowTask) => {
  it('hands the conversation to a person and tells the customer so', async () => {
    const c = await w.start({
      first: 'How do I export a dashboard to PDF?',
      policy: fastPolicy(),
      aiInWorkflowTask,
      ai: () => {
        throw ApplicationFailure.nonRetryable('model unavailable');
      },
    });
    const escalated = await c.fake.nextEvent('escalated');
    expect(escalated).toMatchObject({ status: 'AWAITING_AGENT', data: { reason: 'AI_UNAVAILABLE' } });
    const notice = await c.fake.until(() => c.fake.messages.find((m) => m.authorKind === 'SYSTEM'));
    expect(notice.body).toMatch(/can't answer right now/);
    expect(c.fake.messages.map((m) => m.authorKind)).toEqual(['CUSTOMER', 'SYSTEM']);
    // Inside the workflow task, the failure is asked again as the regular activity before anyone is told: the
    // hand-off then follows an outcome the history keeps, so a retried task cannot replay into an answer.
    expect(c.fake.aiCalls).toEqual(aiInWorkflowTask ? ['local', 'activity'] : ['activity']);
  });

  it('answers when only the first attempt fails', async () => {
    let calls = 0;
    const c = await w.start({
      first: 'How do I export a dashboard to PDF?',
      policy: fastPolicy(),
      aiInWorkflowTask,
      ai: (req) => {
        if (++calls === 1) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        return aiTurn({ answer: `About: ${req.question}` });
      },
    });
    const reply = await c.fake.until(() => c.fake.messages.find((m) => m.authorKind === 'AI'), 20_000);
    expect(reply.body).toBe('About: How do I export a dashboard to PDF?');
    expect(c.fake.messages.map((m) => m.authorKind)).toEqual(['CUSTOMER', 'AI']);
    expect(c.fake.aiCalls).toEqual(aiInWorkflowTask ? ['local', 'activity'] : ['activity', 'activity']);
    expect(await c.state()).toMatchObject({ status: 'AI_ACTIVE', aiReplies: 1 });
  });
});

describe('messages sent while the AI is answering', () => {
  const burst = ['Also, how do I rename it?', 'And can I share it by link?', 'Is there a size limit?'];

  it('answers each of them, in order, in one AI call and one store', async () => {
    const c = await w.start({
      first: 'How do I export a dashboard to PDF?',
      policy: fastPolicy(),
      aiDelayMs: 2500,
      ai: (req) => aiTurn({ answer: `About: ${req.question}` }),
    });
    // Sent while the first answer is being written: they wait for it.
    for (const body of burst) await c.says(body);
    await c.fake.until(() => c.fake.messages.filter((m) => m.authorKind === 'AI').length === 4 || undefined, 30_000);

    const order = c.fake.messages.map((m) => `${m.authorKind}: ${m.body}`);
    expect(order).toEqual([
      'CUSTOMER: How do I export a dashboard to PDF?',
      ...burst.map((b) => `CUSTOMER: ${b}`),
      'AI: About: How do I export a dashboard to PDF?',
      ...burst.map((b) => `AI: About: ${b}`),
    ]);
    // The three waiting messages took one AI call, each answered as if alone with the ones before it as history.
    expect(c.fake.aiBursts).toHaveLength(1);
    expect(c.fake.aiBursts[0].map((r) => [r.question, r.previousTurns])).toEqual([
      [burst[0], ['How do I export a dashboard to PDF?']],
      [burst[1], ['How do I export a dashboard to PDF?', burst[0]]],
      [burst[2], ['How do I export a dashboard to PDF?', burst[0], burst[1]]],
    ]);
    // Each reply names the message it answers; each has its decision.
    const replies = c.fake.messages.filter((m) => m.authorKind === 'AI').map((m) => m.clientMessageId);
    expect(replies).toEqual([1, 2, 3, 4].map((seq) => `ai-reply-msg-${seq}`));
    expect(c.fake.eventsOf('turn_decided').map((e) => e.data.seq)).toEqual([1, 2, 3, 4]);
    expect(await c.state()).toMatchObject({ status: 'AI_ACTIVE', customerTurns: 4, aiReplies: 4, pendingTurns: 0 });
  });

  it('stops at the one that hands over: the ones before keep their answers, the ones after wait for the agent', async () => {
    const c = await w.start({ first: 'How do I export a dashboard to PDF?', policy: fastPolicy(), aiDelayMs: 2500 });
    const waiting = [burst[0], 'This is useless, I want a person.', burst[2]];
    for (const body of waiting) await c.says(body);
    const escalated = await c.fake.nextEvent('escalated');
    expect(escalated).toMatchObject({ status: 'AWAITING_AGENT', data: { reason: 'EXPLICIT_REQUEST' } });
    await c.stateWhen((s) => s.pendingTurns === 0);

    const ai = c.fake.messages.filter((m) => m.authorKind === 'AI').map((m) => m.clientMessageId);
    expect(ai).toEqual(['ai-reply-msg-1', 'ai-reply-msg-2']);
    expect(c.fake.eventsOf('turn_decided').map((e) => [e.data.seq, e.data.escalate])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    // The message after the request was not put to the AI again: the agent reads it in the transcript.
    expect(c.fake.aiRequests.map((r) => r.question)).toEqual(['How do I export a dashboard to PDF?', ...waiting]);
    expect(await c.state()).toMatchObject({ status: 'AWAITING_AGENT', customerTurns: 4, aiReplies: 2 });
  });
});

describe.each([
  ['a regular activity', false],
  ['a local activity inside the workflow task', true],
])('messages the API parked while the conversation was due (no signal each), the AI as %s', (_, aiInWorkflowTask) => {
  /**
   * A conversation whose first question is answered; then, as the API stores them, the next message is signalled
   * (the conversation is due after it) and the ones that follow are parked.
   */
  async function answeredThenParked(aiDelayMs: number, due: string, parked: string[]) {
    const c = await w.start({
      first: 'How do I export a dashboard to PDF?',
      policy: fastPolicy(),
      aiDelayMs,
      aiInWorkflowTask,
    });
    await c.fake.nextEvent('turn_decided');
    const sent = [await c.storedByApi(due, { due: true })];
    for (const body of parked) sent.push(await c.storedByApi(body, { parked: true }));
    return { c, sent };
  }

  it('takes them once nothing else is pending, answers each once in order, and looks again until none are left', async () => {
    const { c, sent } = await answeredThenParked(2500, 'How do I rename it?', [
      'Can I share it by link?',
      'Is there a size limit?',
    ]);
    await c.fake.until(() => c.fake.messages.filter((m) => m.authorKind === 'AI').length === 4 || undefined, 30_000);
    await c.stateWhen((s) => s.pendingTurns === 0);

    expect(c.fake.messages.filter((m) => m.authorKind === 'AI').map((m) => m.clientMessageId)).toEqual(
      ['msg-1', ...sent.map((m) => m.messageId)].map((id) => `ai-reply-${id}`),
    );
    expect(c.fake.aiRequests.map((r) => r.question)).toEqual([
      'How do I export a dashboard to PDF?',
      'How do I rename it?',
      'Can I share it by link?',
      'Is there a size limit?',
    ]);
    // One look found the two parked messages, the next found none (the API signals the next message again); the
    // second said it holds them (so a retried look gets what the first did, and the store drops only what it has).
    await c.fake.until(() => c.fake.parkedTakes === 2 || undefined);
    expect(c.fake.parkedTakenAfter).toEqual([0, sent[2].seq]);
    expect(await c.state()).toMatchObject({ status: 'AI_ACTIVE', customerTurns: 4, aiReplies: 4 });
  });

  it('answers the parked ones as one burst that stops at a request for a person: the message after it waits', async () => {
    const waiting = ['This is useless, I want a person.', 'Is there a size limit?'];
    const {
      c,
      sent: [rename, request],
    } = await answeredThenParked(1500, 'How do I rename it?', waiting);
    const escalated = await c.fake.nextEvent('escalated');
    expect(escalated).toMatchObject({ status: 'AWAITING_AGENT', data: { reason: 'EXPLICIT_REQUEST' } });
    await c.stateWhen((s) => s.pendingTurns === 0);

    expect(c.fake.messages.filter((m) => m.authorKind === 'AI').map((m) => m.clientMessageId)).toEqual([
      'ai-reply-msg-1',
      `ai-reply-${rename.messageId}`,
    ]);
    expect(c.fake.eventsOf('turn_decided').map((e) => [e.data.seq, e.data.escalate])).toEqual([
      [1, false],
      [rename.seq, false],
      [request.seq, true],
    ]);
    // Both parked messages went to the AI in one call; the answer to the one after the request was never sent.
    expect(c.fake.aiBursts.map((b) => b.map((r) => r.question))).toEqual([waiting]);
    expect(await c.state()).toMatchObject({ status: 'AWAITING_AGENT', customerTurns: 4, aiReplies: 2 });
  });

  it('looks even when the signalled message was one it had already (a resend): nothing parked is left behind', async () => {
    const c = await w.start({ first: 'How do I export a dashboard to PDF?', policy: fastPolicy() });
    await c.fake.nextEvent('turn_decided');
    const first = c.fake.messages[0];
    c.fake.parked.push({ messageId: 'msg-2', seq: 2, body: 'Can I share it by link?', clientMessageId: 'm-2' });
    c.fake.store({
      conversationId: 'x',
      authorKind: 'CUSTOMER',
      body: 'Can I share it by link?',
      clientMessageId: 'm-2',
    });
    await c.handle.signal(customerMessageStoredSignal, {
      messageId: 'msg-1',
      seq: 1,
      body: first.body,
      clientMessageId: c.firstMessageId,
      due: true,
    });
    await c.fake.nextEvent('turn_decided', 1);
    expect(c.fake.aiRequests.map((r) => r.question)).toEqual([first.body, 'Can I share it by link?']);
    expect(await c.stateWhen((s) => s.aiReplies === 2)).toMatchObject({ customerTurns: 2 });
  });

  it('runs recorded before parking take nothing: no signal said a message was parked', async () => {
    const c = await w.start({ first: 'How do I export a dashboard to PDF?', policy: fastPolicy() });
    await c.fake.nextEvent('turn_decided');
    await c.storedByApi('How do I rename it?');
    await c.fake.nextEvent('turn_decided', 1);
    expect(c.fake.parkedTakes).toBe(0);
  });
});

describe('the first answer when the context sources are slow', () => {
  it('is decided on the tier the API read at start, without waiting for CRM and billing; their context applies when it comes', async () => {
    const c = await w.start({
      first: 'How do I export a dashboard to PDF?',
      policy: fastPolicy(),
      customerTier: 'PRO',
      contextDelayMs: 4000,
    });
    c.fake.tier = 'ENTERPRISE'; // what the CRM says, once it answers
    const decided = await c.fake.nextEvent('turn_decided');
    expect(decided.data.tier).toBe('PRO');
    const answer = await c.fake.until(() => c.fake.messages.find((m) => m.authorKind === 'AI'));
    expect(c.fake.contextAt).toBe(0); // the context sources have not answered yet
    expect(await c.stateWhen((s) => s.tier === 'ENTERPRISE')).toMatchObject({ aiReplies: 1 });
    expect(c.fake.contextAt).toBeGreaterThan(answer.at);
  });

  it('an escalation waits for the context, so the handoff and the queue see the account', async () => {
    const c = await w.start({
      first: 'I want to talk to a person please.',
      policy: fastPolicy(),
      customerTier: 'FREE',
      contextDelayMs: 800,
    });
    c.fake.tier = 'ENTERPRISE';
    const escalated = await c.fake.nextEvent('escalated');
    expect(escalated.at).toBeGreaterThanOrEqual(c.fake.contextAt);
    expect(c.fake.contextAt).toBeGreaterThan(0);
    expect(await c.state()).toMatchObject({ status: 'AWAITING_AGENT', tier: 'ENTERPRISE' });
  });

  it('runs started without the tier wait for the context as before', async () => {
    const t0 = Date.now();
    const c = await w.start({
      first: 'How do I export a dashboard to PDF?',
      policy: fastPolicy(),
      contextDelayMs: 800,
    });
    const answer = await c.fake.until(() => c.fake.messages.find((m) => m.authorKind === 'AI'));
    expect(answer.at - t0).toBeGreaterThanOrEqual(800);
  });
});

describe('a context the API gathers at the start', () => {
  const start = (first: string) =>
    w.start({ first, policy: fastPolicy(), customerTier: 'PRO', contextFromStart: true, aiInWorkflowTask: true });

  it('is not gathered by the run: the next turn reads back what the API recorded, and its tier applies from then on', async () => {
    const c = await start('How do I export a dashboard to PDF?');
    await c.fake.nextEvent('turn_decided');
    expect(c.fake.recordedReads).toBe(0); // the first turn reads nothing: one workflow task for the start
    c.fake.recordedTier = 'ENTERPRISE'; // what the API recorded from the CRM meanwhile
    await c.says('And can I schedule it weekly?');
    await c.fake.nextEvent('turn_decided', 1);
    expect(await c.stateWhen((s) => s.tier === 'ENTERPRISE')).toMatchObject({ status: 'AI_ACTIVE' });
    await c.says('Thanks, one more: can I export to PNG?');
    const third = await c.fake.nextEvent('turn_decided', 2);
    expect(third.data.tier).toBe('ENTERPRISE');
    expect(c.fake.recordedReads).toBe(1);
    expect(c.fake.contextGathers).toBe(0);
  });

  it('not recorded yet at the next turn: the turn goes on and reads again at the one after, gathering nothing', async () => {
    const c = await start('How do I export a dashboard to PDF?');
    await c.fake.nextEvent('turn_decided');
    await c.says('And can I schedule it weekly?'); // within the API's gathering
    const second = await c.fake.nextEvent('turn_decided', 1);
    expect(second.data.tier).toBe('PRO');
    c.fake.recordedTier = 'ENTERPRISE';
    await c.says('Can I export to PNG too?');
    await c.fake.nextEvent('turn_decided', 2);
    expect(await c.stateWhen((s) => s.tier === 'ENTERPRISE')).toMatchObject({ status: 'AI_ACTIVE' });
    expect(c.fake.recordedReads).toBe(2);
    expect(c.fake.contextGathers).toBe(0);
  });

  it('never recorded (the API went away): a handoff gathers it with the activity, so the queue and the agent see the account', async () => {
    const c = await start('How do I export a dashboard to PDF?');
    await c.fake.nextEvent('turn_decided');
    c.fake.tier = 'ENTERPRISE'; // what the CRM says when the activity asks it
    await c.says('I want to talk to a person please.');
    const escalated = await c.fake.nextEvent('escalated');
    expect(c.fake.contextGathers).toBe(1);
    expect(escalated.at).toBeGreaterThanOrEqual(c.fake.contextAt);
    expect(await c.state()).toMatchObject({ status: 'AWAITING_AGENT', tier: 'ENTERPRISE' });
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
