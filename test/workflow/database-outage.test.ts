import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/workflow-bundle';
import { fastPolicy } from './fake-activities';
import { type ConversationWorker, startConversationWorker } from './harness';

/**
 * The conversation workflow while PostgreSQL refuses connections (found by `npm run chaos`, postgres-refusing): the
 * escalation goes on, and a store retried past its workflow task's heartbeat leaves a history that replays.
 */
let w: ConversationWorker;
beforeAll(async () => {
  w = await startConversationWorker();
});
afterAll(async () => w?.stop());

it('PostgreSQL down for 5 s as an escalation reads the queue: it waits the outage out, the customer is told their place', async () => {
  // Before: the queue estimate and the handoff had 3 attempts in about 2 s, and their failure failed the workflow.
  const c = await w.start({ first: 'Hello', policy: fastPolicy({ timeToClaimSeconds: 30 }) });
  await c.fake.nextEvent('turn_decided');
  c.fake.outageAtEscalationMs = 5_000;
  await c.says('Can I talk to a person?');
  const notice = await c.fake.until(() => c.fake.messages.find((m) => m.authorKind === 'SYSTEM'), 60_000);
  expect(notice.body).toMatch(/You're number 1 in line/);
  expect(c.fake.databaseRefusals).toBeGreaterThan(3);
  expect((await c.claim('agt-1')).assignee).toBe('agt-1');
  expect(c.fake.eventsOf('escalated')).toHaveLength(1);
  expect(c.fake.eventsOf('claimed')).toHaveLength(1);
}, 90_000);

it('a claim whose store is retried past the workflow task heartbeat while a ladder timer fires: the history replays', async () => {
  // The worker heartbeats a workflow task whose local activity runs past 8 s (80% of the task timeout). The WARN
  // step's timer (50% of 8 s) fires while the claim's write is retried; it reaches the workflow in the task after the
  // heartbeat, and the write succeeds in that same task (at about 9 s). Before the fix, the claim's Update completed
  // after the timer the main loop re-armed live, and before it on replay (TMPRL1100).
  const c = await w.start({
    first: 'Can I talk to a person?',
    policy: fastPolicy({ timeToClaimSeconds: 8, claimLeaseSeconds: 3600 }),
  });
  await c.fake.nextEvent('escalated');
  // The ladder's timer is armed: the claim comes while the conversation waits on it.
  for (let i = 0; i < 100; i++) {
    const h = await c.handle.fetchHistory();
    if (h.events?.some((e) => e.timerStartedEventAttributes)) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  c.fake.databaseDownUntil = Date.now() + 8_500;
  expect((await c.claim('agt-1')).assignee).toBe('agt-1');
  expect(c.fake.databaseRefusals).toBeGreaterThan(2);
  expect(c.fake.eventsOf('claimed')).toHaveLength(1);
  expect(c.fake.eventsOf('sla_step')).toHaveLength(0); // claimed before the step was due: it never fires

  const history = await c.handle.fetchHistory();
  // The WARN timer did fire while the claim was being written (before the claim's Update completed).
  const events = history.events ?? [];
  const fired = events.findIndex((e) => e.timerFiredEventAttributes);
  const completed = events.map((e) => !!e.workflowExecutionUpdateCompletedEventAttributes).lastIndexOf(true);
  expect(fired).toBeGreaterThan(0);
  expect(fired).toBeLessThan(completed);
  await expect(
    Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, c.handle.workflowId),
  ).resolves.toBeUndefined();
}, 90_000);
