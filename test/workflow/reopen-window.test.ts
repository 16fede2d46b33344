import { WorkflowNotFoundError } from '@temporalio/client';
import { fastPolicy } from './fake-activities';
import { type ConversationWorker, startConversationWorker } from './harness';

/** How a conversation ends and comes back: the reopen window and the AI's resolution by inactivity. */
let w: ConversationWorker;
beforeAll(async () => {
  w = await startConversationWorker();
});
afterAll(async () => w?.stop());

async function resolvedByAgent(reopenWindowSeconds: number) {
  const c = await w.start({
    first: 'Can I talk to a person about our SSO setup?',
    policy: fastPolicy({ timeToClaimSeconds: 60 }, { reopenWindowSeconds }),
  });
  await c.fake.nextEvent('escalated');
  await c.claim('agt-1');
  await c.agentSays('agt-1', 'Done: SSO is on for your workspace.');
  const resolveSent = Date.now();
  expect(await c.resolve('agt-1', 'turned SSO on')).toMatchObject({ status: 'RESOLVED', assignee: null });
  return { c, resolveSent };
}

describe('the reopen window after an agent resolves', () => {
  it('a customer message within it reopens the conversation to the agent who resolved it, not to the AI', async () => {
    const { c } = await resolvedByAgent(30);
    const asked = c.fake.aiRequests.length;
    await c.says('Sorry, one more thing: it asks me for a code now.');

    const reopened = await c.fake.nextEvent('reopened');
    expect(reopened).toMatchObject({
      status: 'AWAITING_AGENT',
      preferredAgentId: 'agt-1',
      data: { preferredAgent: 'agt-1', cycle: 2 },
    });
    const queued = await c.fake.until(() => c.fake.notifications.filter((n) => n.kind === 'QUEUED')[1]);
    expect(queued.audience[0]).toBe('agt-1'); // told first, beside the pool
    expect(c.fake.aiRequests).toHaveLength(asked); // the AI stays out of it
    expect(await c.claim('agt-1')).toMatchObject({ status: 'AGENT_ACTIVE', assignee: 'agt-1' });
  });

  it('once it has passed, the conversation closes and a new message is refused', async () => {
    const { c, resolveSent } = await resolvedByAgent(1);
    const closed = await c.fake.nextEvent('conversation_closed');
    expect(closed.data).toEqual({ by: 'system', reason: 'reopen window elapsed' });
    expect(closed.at - resolveSent).toBeGreaterThanOrEqual(1000);
    expect(closed.at - resolveSent).toBeLessThan(3000);
    expect(await c.handle.result()).toMatchObject({ status: 'CLOSED' });
    // The workflow has ended: no message can land in it (the API answers BAD_USER_INPUT from the closed row).
    await expect(c.says('It asks me for a code now.')).rejects.toThrow(WorkflowNotFoundError);
    expect(c.fake.eventsOf('reopened')).toEqual([]);
  });
});

describe('resolution by the AI', () => {
  it('an AI-only conversation quiet for the policy’s time is resolved by the AI; a message then reopens it with the AI', async () => {
    const firstSent = Date.now();
    const c = await w.start({
      first: 'How do I export a dashboard to PDF?',
      policy: fastPolicy({}, { aiResolvedAfterInactivitySeconds: 1, reopenWindowSeconds: 30 }),
    });
    const resolved = await c.fake.nextEvent('resolved');
    expect(resolved).toMatchObject({ status: 'RESOLVED', data: { by: 'AI' } });
    expect(resolved.at - firstSent).toBeGreaterThanOrEqual(1000);
    expect(resolved.at - firstSent).toBeLessThan(3000);
    expect(c.fake.resolutions).toEqual([
      expect.objectContaining({ resolvedBy: 'AI', summary: 'no customer message since the last AI answer' }),
    ]);

    await c.says('One more: can I export a single chart as PNG?');
    const reopened = await c.fake.nextEvent('reopened');
    expect(reopened).toMatchObject({ status: 'AI_ACTIVE', data: { to: 'AI' } });
    await c.fake.nextEvent('turn_decided', 1);
    expect(c.fake.aiRequests.map((r) => r.question)).toEqual([
      'How do I export a dashboard to PDF?',
      'One more: can I export a single chart as PNG?',
    ]);
    expect(c.fake.messages.filter((m) => m.authorKind === 'AI')).toHaveLength(2);
  });

  it('keeps the policy’s quiet time across continue-as-new (the new run has loaded no policy yet)', async () => {
    const c = await w.start({
      first: 'How do I export a dashboard to PDF?',
      policy: fastPolicy({}, { aiResolvedAfterInactivitySeconds: 2, reopenWindowSeconds: 30 }),
      continueAsNewAfterTurns: 2,
    });
    await c.fake.nextEvent('turn_decided');
    await c.says('And a single chart as PNG?');
    await c.fake.nextEvent('turn_decided', 1);
    const lastSaid = Date.now();
    expect(await c.stateWhen((s) => s.run === 2)).toMatchObject({ status: 'AI_ACTIVE', pendingTurns: 0 });
    const resolved = await c.fake.nextEvent('resolved', 0, 15_000);
    expect(resolved).toMatchObject({ status: 'RESOLVED', data: { by: 'AI' } });
    expect(resolved.runId).not.toBe(c.fake.eventsOf('turn_decided')[0].runId);
    expect(resolved.at - lastSaid).toBeLessThan(6_000); // the policy's 2 s, not the default 24 h
  });
});
