import type { Client as PgClient } from 'pg';
import { conversationStateQuery } from '../workflows/conversation/conversation.messages';
import {
  cid,
  gql,
  MESSAGES,
  pg,
  resendUntilAnswered,
  SEND,
  START,
  startProcess,
  startStack,
  temporalClient,
  token,
  turnsHandled,
  waitFor,
} from './support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

async function answeredMessages(port: number, auth: string, id: string, expectedAi: number) {
  let last: unknown[] = [];
  return waitFor(
    async () => {
      const r = await gql(port, auth, MESSAGES, { id, first: 100 });
      const nodes = (r.data?.conversation?.messages.edges ?? []).map((e: any) => e.node);
      last = nodes.map((m: any) => [m.seq, m.authorKind, m.body.slice(0, 50)]);
      return nodes.filter((m: any) => m.authorKind === 'AI').length >= expectedAi ? nodes : undefined;
    },
    60_000,
    () => JSON.stringify(last),
  );
}

function expectExactlyOnce(
  nodes: Array<{ seq: number; authorKind: string; clientMessageId: string | null }>,
  sentIds: string[],
) {
  expect(nodes.map((m) => m.seq)).toEqual(nodes.map((_, i) => i + 1));
  const customerIds = nodes.filter((m) => m.authorKind === 'CUSTOMER').map((m) => m.clientMessageId);
  expect([...customerIds].sort()).toEqual([...sentIds].sort());
  expect(nodes.filter((m) => m.authorKind === 'AI')).toHaveLength(sentIds.length);
}

describe('a worker killed mid-conversation', () => {
  let stack: Stack;
  let db: PgClient;
  const customer = token('customer', 'cus-09');
  beforeAll(async () => {
    // The workflow task the killed worker held, and its cached copy, go to the next worker after 3 and 2 s rather than
    // Temporal's default 10 s each.
    stack = await startStack('crash', {
      TEMPORAL_WORKFLOW_TASK_TIMEOUT_SECONDS: '3',
      WORKER_STICKY_QUEUE_TIMEOUT_MS: '2000',
    });
    db = await pg();
  });
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  it('loses nothing and duplicates nothing once a worker is back', async () => {
    const first = cid();
    const started = await gql(stack.port, customer, START, {
      input: { body: 'How do I schedule a report email?', clientMessageId: first },
    });
    const id = started.data!.startConversation.id as string;
    const sent = [first];

    // Kill the worker the moment a message is acknowledged: its AI turn is in flight or not yet begun.
    const next = cid();
    sent.push(next);
    const ack = await gql(stack.port, customer, SEND, {
      input: { conversationId: id, body: 'Can it go to people outside my workspace?', clientMessageId: next },
    });
    expect(ack.errors).toBeUndefined();
    stack.worker.child.kill('SIGKILL');
    await new Promise((r) => stack.worker.child.once('exit', r));

    // Messages sent while no worker runs wait for one (UNAVAILABLE after the API's bound: the client resends them,
    // reusing their clientMessageIds).
    const whileDown = [cid(), cid()];
    sent.push(...whileDown);
    const followUps = ['Can the scheduled report be a PDF or a PNG?', 'How many schedules can we have on Pro?'];
    const pending = whileDown.map((clientMessageId, i) =>
      resendUntilAnswered(
        () => gql(stack.port, customer, SEND, { input: { conversationId: id, body: followUps[i], clientMessageId } }),
        90_000,
      ),
    );
    // Pacing, not proof: the sends reach the API and Temporal while no worker runs (they wait for one).
    await new Promise((r) => setTimeout(r, 1500));
    stack.worker = await startProcess('worker', stack.env);
    const acks = await Promise.all(pending);
    for (const a of acks) expect(a.errors).toBeUndefined();
    // A client that never saw its ack resends: still one message.
    const resend = await gql(stack.port, customer, SEND, {
      input: { conversationId: id, body: followUps[0], clientMessageId: whileDown[0] },
    });
    expect(resend.data!.sendMessage.id).toBe(acks[0].data!.sendMessage.id);

    const nodes = await answeredMessages(stack.port, customer, id, sent.length);
    // The workflow accepted each message once and has handled every turn: a duplicate AI turn would be stored by now.
    expect(await turnsHandled(id, 60_000)).toMatchObject({
      customerTurns: sent.length,
      aiReplies: sent.length,
      pendingTurns: 0,
    });
    const settled = (
      await gql(stack.port, customer, MESSAGES, { id, first: 100 })
    ).data!.conversation.messages.edges.map((e: any) => e.node);
    expect(settled).toHaveLength(nodes.length);
    expectExactlyOnce(settled, sent);
    const rows = await db.query('SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1', [id]);
    expect(rows.rows[0].n).toBe(sent.length * 2);
  });
});

describe('continue-as-new', () => {
  let stack: Stack;
  const customer = token('customer', 'cus-10');
  beforeAll(async () => {
    stack = await startStack('can', { CONVERSATION_CONTINUE_AS_NEW_TURNS: '2' });
  });
  afterAll(async () => stack?.stop());

  it('keeps the whole conversation across runs, and a resend after the hand-over still lands once', async () => {
    const ids = [cid()];
    const started = await gql(stack.port, customer, START, {
      input: { body: 'How do I connect Google Sheets?', clientMessageId: ids[0] },
    });
    const id = started.data!.startConversation.id as string;
    const questions = [
      'How often does it refresh?',
      'Can I pick which tab is imported?',
      'What happens if I rename the sheet?',
      'Is there a row limit?',
    ];
    for (const body of questions) {
      const clientMessageId = cid();
      ids.push(clientMessageId);
      const r = await gql(stack.port, customer, SEND, { input: { conversationId: id, body, clientMessageId } });
      expect(r.errors).toBeUndefined();
      await answeredMessages(stack.port, customer, id, ids.length);
    }
    const t = await temporalClient();
    try {
      const handle = t.client.workflow.getHandle(`conversation-${id}`);
      // The hand-over follows the answer it comes after (a message that arrives meanwhile is taken first, in the
      // same run): read the state once the run that follows the fourth turn has begun and the task that answered the
      // fifth has completed. The answer is stored inside that task, so it shows in the transcript before the task's
      // state does (a query answers from the last completed task).
      const state = await waitFor(async () => {
        const s = await handle.query(conversationStateQuery);
        return s.run >= 3 && s.aiReplies >= 5 ? s : undefined;
      }, 15_000);
      expect(state.run).toBeGreaterThanOrEqual(3); // 5 turns at 2 per run
      expect(state.customerTurns).toBe(5);
      expect(state.aiReplies).toBe(5);
      expect((await handle.describe()).status.name).toBe('RUNNING');
    } finally {
      await t.close();
    }
    // The first message, sent again after two hand-overs: the same row, no new AI turn.
    const resend = await gql(stack.port, customer, SEND, {
      input: { conversationId: id, body: 'How do I connect Google Sheets?', clientMessageId: ids[0] },
    });
    expect(resend.data!.sendMessage.seq).toBe(1);
    expect(await turnsHandled(id)).toMatchObject({ customerTurns: 5, aiReplies: 5, pendingTurns: 0 });
    const nodes = (await gql(stack.port, customer, MESSAGES, { id, first: 100 })).data!.conversation.messages.edges.map(
      (e: any) => e.node,
    );
    expectExactlyOnce(nodes, ids);
    expect(nodes.filter((m: any) => m.authorKind === 'CUSTOMER').map((m: any) => m.body)).toEqual([
      'How do I connect Google Sheets?',
      ...questions,
    ]);
  });
});
