import type { Client as PgClient } from 'pg';
import { MAX_MESSAGE_LENGTH } from '../domain/conversation';
import { sendCustomerMessageUpdate } from '../workflows/conversation/conversation.messages';
import {
  cid,
  customerTurn,
  errorCode,
  gql,
  MESSAGE_ADDED,
  MESSAGES,
  pg,
  SEND,
  START,
  startStack,
  subscribe,
  temporalClient,
  token,
  turnsHandled,
  waitFor,
  wsClient,
} from './support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let db: PgClient;
const customer = token('customer', 'cus-02');

beforeAll(async () => {
  stack = await startStack('conversation');
  db = await pg();
});
afterAll(async () => {
  await db?.end();
  await stack?.stop();
});

async function start(body: string, extra: Record<string, unknown> = {}) {
  const r = await gql(stack.port, customer, START, { input: { body, clientMessageId: cid(), ...extra } });
  expect(r.errors).toBeUndefined();
  return r.data!.startConversation as {
    id: string;
    workflowId: string;
    status: string;
    pageContext: Record<string, unknown>;
  };
}

async function messagesOf(id: string, auth = customer) {
  const r = await gql(stack.port, auth, MESSAGES, { id, first: 100 });
  expect(r.errors).toBeUndefined();
  return (r.data!.conversation.messages.edges as Array<{ node: any }>).map((e) => e.node);
}

const countRows = async (sql: string, params: unknown[]) => Number((await db.query(sql, params)).rows[0].n);

describe('a customer conversation', () => {
  it('starts with the first message and gets an AI answer with its sources on the subscription', async () => {
    const c = await start('How do I export a dashboard to PDF?', {
      pageContext: {
        route: '/dashboards/2210',
        title: 'Revenue dashboard',
        url: 'https://app.lumen.example/dashboards/2210',
      },
    });
    expect(c.status).toBe('AI_ACTIVE');
    expect(c.workflowId).toBe(`conversation-${c.id}`);
    expect(c.pageContext).toMatchObject({ route: '/dashboards/2210', title: 'Revenue dashboard' });

    const ws = wsClient(stack.port, customer);
    // From seq 0, as the widget follows a conversation: what is stored before the server has the subscription
    // registered is given first, so the follow-up below cannot fall between the reply and the live stream.
    const sub = subscribe<{ messageAdded: any }>(ws, MESSAGE_ADDED, { id: c.id, afterSeq: 0 });
    try {
      // The reply may already be stored when the subscription opens: back-fill covers that window.
      const aiReply = await waitFor(async () => {
        const live = sub.events.map((e) => e.messageAdded).find((m) => m.authorKind === 'AI');
        return live ?? (await messagesOf(c.id)).find((m) => m.authorKind === 'AI');
      });
      expect(aiReply.ai.sources[0]).toEqual({ id: 'kb-024', title: 'Exporting dashboards and charts' });
      expect(aiReply.ai.confidence).toBeGreaterThan(0.5);
      expect(aiReply.body).toMatch(/PDF/);
      // The customer (cus-02) is on Free: what the article says about that plan comes with the answer.
      expect(aiReply.body).toMatch(/On the Free plan, PDF exports include a 'Made with Lumen' footer/);

      // A follow-up is acknowledged once stored; its answer then arrives on the open subscription.
      const sent = await gql(stack.port, customer, SEND, {
        input: { conversationId: c.id, body: 'Can I export a single chart as PNG?', clientMessageId: cid() },
      });
      expect(sent.errors).toBeUndefined();
      expect(sent.data!.sendMessage).toMatchObject({ seq: 3, authorKind: 'CUSTOMER' });
      const events = await sub.waitFor((ev) => ev.some((e) => e.messageAdded.seq === 4));
      const live = events.map((e) => e.messageAdded);
      expect(live.find((m) => m.seq === 3)?.authorKind).toBe('CUSTOMER');
      expect(live.find((m) => m.seq === 4)).toMatchObject({ authorKind: 'AI' });
      expect(live.find((m) => m.seq === 4).ai.sources.length).toBeGreaterThan(0);
    } finally {
      sub.dispose();
      await ws.dispose();
    }
  });

  it('orders every message by a gap-free seq, answers rapid messages in order, and back-fills after a seq', async () => {
    const c = await start('Where do I find my invoices?');
    // Sent back to back, without waiting for answers, as a fast typist would.
    for (const body of ['And can I change the card on file?', 'Thanks! One more: how do I add a VAT ID?']) {
      const r = await gql(stack.port, customer, SEND, {
        input: { conversationId: c.id, body, clientMessageId: cid() },
      });
      expect(r.errors).toBeUndefined();
    }
    const all = await waitFor(async () => {
      const m = await messagesOf(c.id);
      return m.filter((x) => x.authorKind === 'AI').length === 3 ? m : undefined;
    });
    expect(all.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    const customerMsgs = all.filter((m) => m.authorKind === 'CUSTOMER');
    const answers = all.filter((m) => m.authorKind === 'AI');
    expect(customerMsgs.map((m) => m.body)).toEqual([
      'Where do I find my invoices?',
      'And can I change the card on file?',
      'Thanks! One more: how do I add a VAT ID?',
    ]);
    // The n-th answer comes after the n-th question: turns are answered one at a time, first come first served.
    answers.forEach((a, i) => expect(a.seq).toBeGreaterThan(customerMsgs[i].seq));

    const after = await gql(stack.port, customer, MESSAGES, { id: c.id, afterSeq: 4 });
    expect(after.data!.conversation.messages.edges.map((e: any) => e.node.seq)).toEqual([5, 6]);
    const page1 = await gql(stack.port, customer, MESSAGES, { id: c.id, first: 4 });
    expect(page1.data!.conversation.messages.pageInfo.hasNextPage).toBe(true);
    const page2 = await gql(stack.port, customer, MESSAGES, {
      id: c.id,
      first: 4,
      after: page1.data!.conversation.messages.pageInfo.endCursor,
    });
    expect(page2.data!.conversation.messages.edges.map((e: any) => e.node.seq)).toEqual([5, 6]);
  });

  it('stores a message once when the same clientMessageId is sent again, sequentially or concurrently', async () => {
    const first = cid();
    const a = await gql(stack.port, customer, START, {
      input: { body: 'How do I reset my password?', clientMessageId: first },
    });
    const b = await gql(stack.port, customer, START, {
      input: { body: 'How do I reset my password?', clientMessageId: first },
    });
    expect(b.data!.startConversation.id).toBe(a.data!.startConversation.id);
    const id = a.data!.startConversation.id as string;

    const again = cid();
    const input = { conversationId: id, body: 'Is there a limit on reset emails?', clientMessageId: again };
    const sequential = [
      await gql(stack.port, customer, SEND, { input }),
      await gql(stack.port, customer, SEND, { input }),
    ];
    const concurrent = await Promise.all(Array.from({ length: 6 }, () => gql(stack.port, customer, SEND, { input })));
    const results = [...sequential, ...concurrent];
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(new Set(results.map((r) => r.data!.sendMessage.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.data!.sendMessage.seq)).size).toBe(1);

    // A concurrent burst of a fresh id lands once too.
    const burstId = cid();
    const burst = await Promise.all(
      Array.from({ length: 8 }, () =>
        gql(stack.port, customer, SEND, {
          input: { conversationId: id, body: 'ok, trying now', clientMessageId: burstId },
        }),
      ),
    );
    expect(new Set(burst.map((r) => r.data?.sendMessage.id)).size).toBe(1);

    const all = await waitFor(async () => {
      const m = await messagesOf(id);
      return m.filter((x) => x.authorKind === 'AI').length === 3 ? m : undefined;
    });
    // The workflow accepted three turns and has handled them all: a duplicated AI turn would be stored by now.
    expect(await turnsHandled(id)).toMatchObject({ customerTurns: 3, aiReplies: 3, pendingTurns: 0 });
    const settled = await messagesOf(id);
    expect(settled.length).toBe(all.length);
    expect(settled.filter((m) => m.authorKind === 'CUSTOMER').map((m) => m.clientMessageId)).toEqual([
      first,
      again,
      burstId,
    ]);
    expect(settled.filter((m) => m.authorKind === 'AI')).toHaveLength(3);
    expect(await countRows('SELECT count(*) AS n FROM messages WHERE conversation_id = $1', [id])).toBe(6);
  });

  describe('rejects bad input with BAD_USER_INPUT and stores nothing', () => {
    let conversationId: string;
    beforeAll(async () => {
      conversationId = (await start('How do I invite a teammate?')).id;
      await waitFor(async () => (await messagesOf(conversationId)).length === 2);
    });
    const stored = () => countRows('SELECT count(*) AS n FROM messages WHERE conversation_id = $1', [conversationId]);

    it.each([
      ['empty', ''],
      ['whitespace only', '   \n\t  '],
      ['over 8,000 characters', 'x'.repeat(MAX_MESSAGE_LENGTH + 1)],
    ])('%s message', async (_label, body) => {
      const before = await stored();
      const r = await gql(stack.port, customer, SEND, { input: { conversationId, body, clientMessageId: cid() } });
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(await stored()).toBe(before);

      const clientMessageId = cid();
      const s = await gql(stack.port, customer, START, { input: { body, clientMessageId } });
      expect(errorCode(s)).toBe('BAD_USER_INPUT');
      expect(
        await countRows('SELECT count(*) AS n FROM messages WHERE client_message_id = $1', [clientMessageId]),
      ).toBe(0);
    });

    it('exactly 8,000 characters is accepted', async () => {
      const r = await gql(stack.port, customer, SEND, {
        input: { conversationId, body: 'y'.repeat(MAX_MESSAGE_LENGTH), clientMessageId: cid() },
      });
      expect(r.errors).toBeUndefined();
      // Its answer is stored after the acknowledgement: wait for it, so the next test counts a settled conversation.
      const seq = r.data!.sendMessage.seq;
      await waitFor(async () => (await messagesOf(conversationId)).some((m) => m.seq > seq));
    });

    it('the workflow validator itself rejects an empty update, so no client can bypass the API checks', async () => {
      const t = await temporalClient();
      try {
        const before = await stored();
        const handle = t.client.workflow.getHandle(`conversation-${conversationId}`);
        await expect(
          handle.executeUpdate(sendCustomerMessageUpdate, { args: [{ clientMessageId: cid(), body: '  ' }] }),
        ).rejects.toMatchObject({
          cause: { type: 'BAD_USER_INPUT' },
        });
        expect(await stored()).toBe(before);
      } finally {
        await t.close();
      }
    });

    it('a closed conversation takes no more messages', async () => {
      const closed = await gql(
        stack.port,
        customer,
        `mutation($id: ID!) { closeConversation(conversationId: $id) { id status } }`,
        { id: conversationId },
      );
      expect(closed.data!.closeConversation.status).toBe('CLOSED');
      const before = await stored();
      const r = await gql(stack.port, customer, SEND, {
        input: { conversationId, body: 'hello again?', clientMessageId: cid() },
      });
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].message).toMatch(/closed/);
      expect(await stored()).toBe(before);
    });
  });

  it("moves in Temporal's search attributes as it changes hands, and the AI's answers rewrite none of them", async () => {
    const owner = token('customer', 'cus-03');
    const { id, conversation } = await customerTurn(stack.port, owner, null, 'How do I export a dashboard to PDF?');
    await customerTurn(stack.port, owner, id, 'How do I rotate an API key?');
    const t = await temporalClient();
    try {
      const handle = t.client.workflow.getHandle(conversation.workflowId);
      // The search attributes each upsert in the history wrote.
      const upserts = async () =>
        ((await handle.fetchHistory()).events ?? []).flatMap((e) => {
          const fields = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
          return fields ? [Object.keys(fields).sort().join(',')] : [];
        });
      // Started as AI_ACTIVE, its tier known, no agent, no deadline, and still so after two answers: nothing of ours
      // is upserted; Core's record of the workflow's patches, once.
      expect(await upserts()).toEqual(['TemporalChangeVersion']);
      const handedOver = await customerTurn(stack.port, owner, id, 'I want to talk to a person please');
      expect(handedOver.conversation.status).toBe('AWAITING_AGENT');
      const found = await waitFor(async () => {
        for await (const wf of t.client.workflow.list({
          query:
            `WorkflowId = '${conversation.workflowId}' AND SupportStatus = 'AWAITING_AGENT' AND ` +
            `EscalationReason = 'EXPLICIT_REQUEST' AND SlaDeadline > '2000-01-01T00:00:00Z'`,
        }))
          return wf;
        return undefined;
      });
      expect(found.workflowId).toBe(conversation.workflowId);
      expect(await upserts()).toEqual(
        expect.arrayContaining(['AssignedAgent,EscalationReason,SlaDeadline,SupportStatus']),
      );
    } finally {
      await t.close();
    }
  });

  it('answers with the local AI inside the workflow task: no activity dispatched, one workflow task a message', async () => {
    const owner = token('customer', 'cus-04');
    const { id, conversation } = await customerTurn(stack.port, owner, null, 'How do I export a dashboard to PDF?');
    const second = await customerTurn(stack.port, owner, id, 'How do I rotate an API key?');
    expect(second.reply.authorKind).toBe('AI');
    const t = await temporalClient();
    try {
      // The reply is stored inside the workflow task that answers it; the task's markers are in the history once it
      // completes: read the history from then on.
      const lastSignalOf = (evs: Array<{ workflowExecutionSignaledEventAttributes?: unknown }>) =>
        Math.max(...evs.map((e, i) => (e.workflowExecutionSignaledEventAttributes ? i : -1)));
      const events = await waitFor(async () => {
        const evs = (await t.client.workflow.getHandle(conversation.workflowId).fetchHistory()).events ?? [];
        const after = evs.slice(Math.max(0, lastSignalOf(evs)));
        return after.some((e) => e.workflowTaskCompletedEventAttributes) ? evs : undefined;
      });
      const { scheduled, local: localTypes } = await t.activityTypes(events);
      // The AI is not a regular activity (nor, since the API gathers it at the start, the context).
      expect(scheduled).not.toContain('generateAiReply');
      expect(localTypes.filter((type) => type === 'generateAiReply')).toHaveLength(2);
      // The second message: signalled, then answered and stored in the one workflow task it wakes.
      const lastSignal = lastSignalOf(events);
      expect(lastSignal).toBeGreaterThan(0);
      expect(events.slice(lastSignal).filter((e) => e.workflowTaskCompletedEventAttributes)).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('is visible to ops in Temporal by its search attributes', async () => {
    const c = await start('How do I connect Slack alerts?');
    const t = await temporalClient();
    try {
      const found = await waitFor(async () => {
        for await (const wf of t.client.workflow.list({
          query: `WorkflowId = '${c.workflowId}' AND SupportStatus = 'AI_ACTIVE' AND CustomerTier = 'FREE' AND Channel = 'web'`,
        })) {
          return wf;
        }
        return undefined;
      });
      expect(found.workflowId).toBe(c.workflowId);
    } finally {
      await t.close();
    }
  });
});
