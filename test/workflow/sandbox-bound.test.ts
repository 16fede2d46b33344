import { fastPolicy } from './fake-activities';
import { type ConversationWorker, startConversationWorker } from './harness';

/**
 * A worker run without the bound on calls into the workflow sandbox (WORKER_SANDBOX_CALL_TIMEOUT_MS=0: no watchdog
 * thread per call, src/worker/support-worker.ts) runs conversations as the bounded one does.
 */
let w: ConversationWorker;
beforeAll(async () => {
  w = await startConversationWorker({ sandboxCallTimeoutMs: null });
});
afterAll(async () => w?.stop());

describe('a worker without the sandbox bound', () => {
  it('acknowledges each customer message in order and answers each one', async () => {
    const c = await w.start({ first: 'How do I connect Google Sheets?', policy: fastPolicy() });
    await c.fake.nextEvent('turn_decided');
    const acks = [];
    for (const body of ['And how do I rename a dashboard?', 'Can I export a chart as PNG?'])
      acks.push(await c.says(body));
    expect(acks[1].seq).toBeGreaterThan(acks[0].seq);
    await c.fake.nextEvent('turn_decided', 2);
    const state = await c.stateWhen((s) => s.aiReplies === 3);
    expect(state).toMatchObject({ status: 'AI_ACTIVE', customerTurns: 3, pendingTurns: 0 });
  });
});
