import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Worker } from '@temporalio/worker';
import { testEnv } from './support/env';
import { cid, customerTurn, gql, SEND, startStack, temporalClient, token, waitFor } from './support/stack';

/**
 * Determinism guard. Histories recorded from earlier versions of the conversation workflow (test/fixtures/histories)
 * must replay on the current code: a change that running conversations would trip over fails here, and needs
 * patched(). This run's fresh histories replay too, and are written back when UPDATE_HISTORIES=1.
 */
const DIR = path.join(__dirname, 'fixtures', 'histories');
const workflowsPath = require.resolve('../workflows');

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
beforeAll(async () => {
  stack = await startStack('replay');
});
afterAll(async () => stack?.stop());

async function recordLifecycle(): Promise<Array<{ name: string; history: unknown }>> {
  const customer = token('customer', 'cus-11');
  // An AI conversation with a follow-up, then a request for a person, a claim, a reply and a resolution.
  const t0 = await customerTurn(stack.port, customer, null, 'How do I add a date filter to my dashboard?', { route: '/dashboards/1450/edit' });
  await customerTurn(stack.port, customer, t0.id, 'Can it default to the last 30 days for everyone?');
  await customerTurn(stack.port, customer, t0.id, 'Thanks. Can I also talk to a person about our workspace layout?');
  const agent = token('agent', 'agt-2');
  await gql(stack.port, agent, `mutation($id: ID!) { claimConversation(conversationId: $id) { id } }`, { id: t0.id });
  await gql(stack.port, agent, SEND, { input: { conversationId: t0.id, body: 'Hi! Marco here, happy to help.', clientMessageId: cid() } });
  await gql(stack.port, agent, `mutation($id: ID!) { resolveConversation(conversationId: $id, resolution: { summary: "walked through layout" }) { id } }`, { id: t0.id });
  const t = await temporalClient();
  try {
    const handle = t.client.workflow.getHandle(t0.conversation.workflowId);
    await waitFor(async () => ((await handle.query('conversationState')) as { status: string }).status === 'RESOLVED');
    // The same JSON the Temporal UI and CLI export, so a history from production can be dropped in as a fixture.
    const env = testEnv();
    const json = execFileSync(env.temporalCliPath, ['workflow', 'show', '--workflow-id', t0.conversation.workflowId, '--address', env.temporalAddress, '--output', 'json'], { encoding: 'utf8' });
    return [{ name: 'lifecycle-ai-escalate-claim-resolve', history: JSON.parse(json) }];
  } finally {
    await t.close();
  }
}

it('replays recorded conversation histories on the current workflow code', async () => {
  const fresh = await recordLifecycle();
  if (process.env.UPDATE_HISTORIES === '1') {
    for (const h of fresh) writeFileSync(path.join(DIR, `${h.name}.json`), JSON.stringify(h.history, null, 1));
  }
  const recorded = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ name: f, history: JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) }));
  expect(recorded.length).toBeGreaterThan(0);
  for (const h of [...recorded, ...fresh]) {
    await Worker.runReplayHistory({ workflowsPath, replayName: h.name }, h.history);
  }
}, 120_000);
