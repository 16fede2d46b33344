import { fastPolicy } from './fake-activities';
import { type ConversationWorker, rejectionOf, startConversationWorker } from './harness';

/** The conversation workflow's queue timers, with mocked activities and a time-to-claim of seconds. */
let w: ConversationWorker;
beforeAll(async () => {
  w = await startConversationWorker();
});
afterAll(async () => w?.stop());

describe('the SLA ladder of a waiting conversation', () => {
  it('climbs WARN, WIDEN_TO_TIER2 and PAGE_LEAD_ONCALL in order, each at its share of the time to claim', async () => {
    // Time to claim 4 s, steps at 50/100/150%: due 2, 4 and 6 s after the escalation.
    const c = await w.start({ first: 'Can I talk to a person?', policy: fastPolicy({ timeToClaimSeconds: 4 }) });
    const escalated = await c.fake.nextEvent('escalated');
    expect(escalated).toMatchObject({ status: 'AWAITING_AGENT', queuePool: ['TIER1'] });
    const startedAt = Date.parse(escalated.data.deadline) - 4000;
    // Not yet widened: a TIER2 agent may not take it.
    expect(await rejectionOf(c.claim('agt-tier2', 'TIER2'))).toBe('FORBIDDEN');

    const steps = await c.fake.until(() => c.fake.eventsOf('sla_step').length === 3 && c.fake.eventsOf('sla_step'));
    expect(steps.map((s) => s.data.action)).toEqual(['WARN', 'WIDEN_TO_TIER2', 'PAGE_LEAD_ONCALL']);
    expect(steps.map((s) => Date.parse(s.data.dueAt) - startedAt)).toEqual([2000, 4000, 6000]);
    for (const s of steps) {
      const firedAt = Date.parse(s.data.firedAt);
      expect(firedAt).toBeGreaterThanOrEqual(Date.parse(s.data.dueAt));
      expect(firedAt - Date.parse(s.data.dueAt)).toBeLessThan(2000); // each before the next one is due
      expect(s.at).toBeGreaterThanOrEqual(Date.parse(s.data.dueAt)); // never early by the wall clock either
    }
    expect(steps.map((s) => s.queuePool)).toEqual([
      ['TIER1'],
      ['TIER1', 'TIER2'],
      ['TIER1', 'TIER2', 'LEAD', 'ONCALL'],
    ]);
    // Agents hear of each step in order; the page goes to leads and on-call.
    const heard = await c.fake.until(() => c.fake.notifications.length === 4 && c.fake.notifications);
    expect(heard.map((n) => n.kind)).toEqual(['QUEUED', 'WARN', 'WIDEN_TO_TIER2', 'PAGE_LEAD_ONCALL']);
    expect(heard[3].audience).toEqual(['LEAD', 'ONCALL']);
    // Widened: the TIER2 agent now may.
    expect((await c.claim('agt-tier2', 'TIER2')).assignee).toBe('agt-tier2');
  });

  // Its own conversation and fakes, and no timing bound: it waits out its notification retries (about 12 s) while the
  // tests below, whose bounds are tight, run one at a time.
  it.concurrent(
    'goes on when every notification fails for good: each step is recorded, and the conversation can be claimed',
    async () => {
      const c = await w.start({
        first: 'Can I talk to a person?',
        policy: fastPolicy({ timeToClaimSeconds: 2 }),
        notificationsFail: true,
      });
      await c.fake.nextEvent('escalated');
      const steps = await c.fake.until(
        () => c.fake.eventsOf('sla_step').length === 3 && c.fake.eventsOf('sla_step'),
        60_000,
      );
      expect(steps.map((s) => s.data.action)).toEqual(['WARN', 'WIDEN_TO_TIER2', 'PAGE_LEAD_ONCALL']);
      // QUEUED and three steps, each tried as often as the retry policy allows (3), none delivered.
      await c.fake.until(() => c.fake.notificationAttempts === 12, 60_000);
      expect(c.fake.notifications).toEqual([]);
      expect((await c.claim('agt-tier2', 'TIER2')).assignee).toBe('agt-tier2');
    },
  );

  it('follows a policy published while the conversation waits: the steps move to the new times', async () => {
    // Under the first policy nothing falls due for 30 s; the new one puts WARN at 1 s after the escalation.
    const c = await w.start({ first: 'Can I talk to a person?', policy: fastPolicy({ timeToClaimSeconds: 60 }) });
    const escalated = await c.fake.nextEvent('escalated');
    const startedAt = Date.parse(escalated.data.deadline) - 60_000;
    const published = await c.publish(fastPolicy({ timeToClaimSeconds: 2 }));
    const applied = await c.fake.nextEvent('policy_applied');
    expect(applied.data).toEqual({
      policyVersion: published.version,
      deadline: new Date(startedAt + 2000).toISOString(),
    });
    const warn = await c.fake.nextEvent('sla_step');
    expect(warn.data).toMatchObject({ action: 'WARN', dueAt: new Date(startedAt + 1000).toISOString() });
  });
});

describe('the claim lease', () => {
  it('returns a claimed conversation whose agent sends nothing to the queue, and the old ladder stays stopped', async () => {
    const c = await w.start({
      first: 'Can I talk to a person?',
      policy: fastPolicy({ timeToClaimSeconds: 2, claimLeaseSeconds: 1 }),
    });
    await c.fake.nextEvent('sla_step'); // WARN, at 1 s; WIDEN would follow at 2 s
    const claimSent = Date.now();
    expect(await c.claim('agt-1')).toMatchObject({ status: 'AGENT_ACTIVE', assignee: 'agt-1' });

    const expired = await c.fake.nextEvent('claim_lease_expired');
    expect(expired.at - claimSent).toBeGreaterThanOrEqual(1000);
    expect(expired.at - claimSent).toBeLessThan(2000);
    expect(expired).toMatchObject({ status: 'AWAITING_AGENT', assigneeId: null, data: { agentId: 'agt-1', cycle: 2 } });
    expect(await c.state()).toMatchObject({ status: 'AWAITING_AGENT', assignee: null });
    // Back in the queue it starts a fresh ladder; the first cycle's WIDEN, due while the agent held it, never fired.
    const again = await c.fake.nextEvent('sla_step', 1);
    expect(again.data).toMatchObject({ action: 'WARN' });
    expect(c.fake.eventsOf('sla_step').map((s) => s.data.action)).toEqual(['WARN', 'WARN']);
    const heard = await c.fake.until(() => c.fake.notifications.length === 4 && c.fake.notifications);
    expect(heard.map((n) => n.kind)).toEqual(['QUEUED', 'WARN', 'QUEUED', 'WARN']);
    expect(c.fake.notifications[2].dedupeKey).not.toBe(c.fake.notifications[0].dedupeKey);
  });

  it('holds once the agent has written: past the lease the conversation is still theirs', async () => {
    const engaged = await w.start({
      first: 'Can I talk to a person?',
      policy: fastPolicy({ timeToClaimSeconds: 60, claimLeaseSeconds: 1 }),
    });
    // A witness with a lease twice as long, claimed after: when its lease expires, the engaged one's is long past.
    const idle = await w.start({
      first: 'Can I talk to a person?',
      policy: fastPolicy({ timeToClaimSeconds: 60, claimLeaseSeconds: 2 }),
    });
    await Promise.all([engaged.fake.nextEvent('escalated'), idle.fake.nextEvent('escalated')]);
    await engaged.claim('agt-1');
    await idle.claim('agt-2');
    await engaged.agentSays('agt-1', 'Hi, Ada here. Looking at it now.');

    await idle.fake.nextEvent('claim_lease_expired');
    expect(await engaged.state()).toMatchObject({ status: 'AGENT_ACTIVE', assignee: 'agt-1' });
    expect(engaged.fake.eventsOf('claim_lease_expired')).toEqual([]);
  });
});
