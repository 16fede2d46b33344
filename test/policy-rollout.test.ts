import { randomInt } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { PolicyGateway } from '../src/temporal/policy-gateway';
import type {
  ListWaitingConversationsInput,
  SignalPolicyChangedInput,
  SignalPolicyChangedResult,
} from '../workflows/policy-rollout/policy-rollout.messages';
import { temporalClient, testCodec, uniqueQueue } from './support/stack';
import { testEnv } from './support/env';
import { workflowBundle } from './support/workflow-bundle';

/**
 * The durable fan-out of a new policy version, on the real Temporal server with the activities faked: every waiting
 * conversation is told, a page at a time; a signal that fails is retried until it lands, never dropped.
 */
const WAITING = ['c-01', 'c-02', 'c-03', 'c-04', 'c-05'];
const FLAKY = 'c-02'; // Temporal answers UNAVAILABLE twice for this one
const ENDED = 'c-04'; // closed between the listing and its signal

let connection: NativeConnection;
let t: Awaited<ReturnType<typeof temporalClient>>;
let codec: ReturnType<typeof testCodec>;

beforeAll(async () => {
  connection = await NativeConnection.connect({ address: testEnv().temporalAddress });
  t = await temporalClient();
  codec = testCodec();
});
afterAll(async () => {
  await t?.close();
  await connection?.close();
  await codec?.close();
});

it('tells every waiting conversation, page by page, retrying a failed signal until it lands', async () => {
  const taskQueue = uniqueQueue('rollout');
  const pages: Array<string | null> = [];
  const attempts = new Map<string, number>();
  const delivered: SignalPolicyChangedInput[] = [];
  const worker = await Worker.create({
    connection,
    namespace: testEnv().namespace,
    taskQueue,
    // The suite's one bundle of every workflow (bundling takes seconds).
    workflowBundle: await workflowBundle(),
    // The test's client encrypts what it starts: this worker reads it as the real one does.
    dataConverter: { payloadCodecs: [codec.codec] },
    activities: {
      async listWaitingConversations({ afterConversationId, limit }: ListWaitingConversationsInput) {
        pages.push(afterConversationId);
        return {
          conversationIds: WAITING.filter((id) => !afterConversationId || id > afterConversationId).slice(0, limit),
        };
      },
      async signalPolicyChanged(input: SignalPolicyChangedInput): Promise<SignalPolicyChangedResult> {
        const n = (attempts.get(input.conversationId) ?? 0) + 1;
        attempts.set(input.conversationId, n);
        if (input.conversationId === FLAKY && n < 3) throw new Error('14 UNAVAILABLE: connection refused');
        if (input.conversationId === ENDED) return { outcome: 'ended' };
        delivered.push(input);
        return { outcome: 'signalled' };
      },
    },
  });
  const gateway = new PolicyGateway(t.client, taskQueue);
  const version = randomInt(1_000_000, 2 ** 31 - 1); // workflow ids outlive a test's database: one nobody else uses
  const totals = await worker.runUntil(async () => {
    // A retried publish of the same version joins the rollout under way instead of starting a second one.
    const [first, second] = await Promise.all([
      gateway.startPolicyRollout({ version, pageSize: 2 }),
      gateway.startPolicyRollout({ version, pageSize: 2 }),
    ]);
    expect(second.workflowId).toBe(first.workflowId);
    return t.client.workflow.getHandle(first.workflowId).result();
  });

  expect(totals).toEqual({ signalled: 4, ended: 1 });
  expect(pages).toEqual([null, 'c-02', 'c-04']);
  expect(delivered.map((d) => d.conversationId).sort()).toEqual(['c-01', 'c-02', 'c-03', 'c-05']);
  expect(delivered.every((d) => d.version === version)).toBe(true);
  expect(attempts.get(FLAKY)).toBe(3);
  expect([...attempts].filter(([id]) => id !== FLAKY).every(([, n]) => n === 1)).toBe(true);
});
