import type { Client as PgClient } from 'pg';
import { signStripePayload } from '../src/integrations/billing/stripe-webhook';
import { testEnv } from './support/env';
import {
  cid,
  CONVERSATION,
  customerTurn,
  errorCode,
  gql,
  pg,
  type Proc,
  resendUntilAnswered,
  SEND,
  START,
  startProcess,
  staffToken,
  temporalClient,
  token,
  turnsHandled,
  uniqueQueue,
  waitFor,
} from './support/stack';
import { startTcpProxy, throughProxy, type TcpProxy } from './support/tcp-proxy';
import { startOpenAiStub, type OpenAiStub } from './stubs/openai-stub';

/**
 * Faults that must lose nothing: no worker polling, PostgreSQL gone under the worker or the API, a retried start of
 * an ended conversation, a Stripe webhook whose signal failed, a worker's SIGTERM in the middle of an AI turn.
 */
let db: PgClient;
const procs: Proc[] = [];
const proxies: TcpProxy[] = [];
let openai: OpenAiStub | undefined;

beforeAll(async () => {
  db = await pg();
});
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await Promise.all(proxies.map((p) => p.stop()));
  await openai?.stop();
  await db?.end();
});

async function run(name: 'worker' | 'api', env: Record<string, string>): Promise<Proc> {
  const p = await startProcess(name, env);
  procs.push(p);
  return p;
}

async function proxyTo(hostPort: string): Promise<TcpProxy> {
  const [host, port] = hostPort.split(':');
  const p = await startTcpProxy({ host, port: Number(port) });
  proxies.push(p);
  return p;
}

const pgHostPort = () => {
  const u = new URL(testEnv().databaseUrl);
  return `${u.hostname}:${u.port || 5432}`;
};

async function rowsWithClientMessageId(conversationId: string, clientMessageId: string): Promise<number> {
  const r = await db.query(
    'SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND client_message_id = $2',
    [conversationId, clientMessageId],
  );
  return r.rows[0].n;
}

/** The answers (AI or SYSTEM) written after a customer message: exactly one per accepted turn. */
async function answersAfter(conversationId: string, seq: number): Promise<string[]> {
  await turnsHandled(conversationId);
  const r = await db.query(
    `SELECT author_kind FROM messages WHERE conversation_id = $1 AND seq > $2 AND author_kind IN ('AI', 'SYSTEM')
     ORDER BY seq`,
    [conversationId, seq],
  );
  return r.rows.map((x) => x.author_kind);
}

it('with no worker polling, a start answers UNAVAILABLE in bounded time; resent once a worker runs, it lands once', async () => {
  const queue = uniqueQueue('no-worker');
  const api = await run('api', { TEMPORAL_TASK_QUEUE: queue, TEMPORAL_CALL_TIMEOUT_SECONDS: '2' });
  const customer = token('customer', 'cus-13');
  const input = { body: 'How do I export a dashboard to PDF?', clientMessageId: cid() };

  const t0 = Date.now();
  const first = await gql(api.port!, customer, START, { input });
  expect(errorCode(first)).toBe('UNAVAILABLE');
  expect(first.errors![0].message).toMatch(/resend the same request/);
  expect(Date.now() - t0).toBeLessThan(10_000);

  await run('worker', { TEMPORAL_TASK_QUEUE: queue });
  const again = await resendUntilAnswered(() => gql(api.port!, customer, START, { input }));
  const id = again.data!.startConversation.id as string;
  expect(await rowsWithClientMessageId(id, input.clientMessageId)).toBe(1);
  expect(await answersAfter(id, 1)).toHaveLength(1);
});

it('PostgreSQL down when a message arrives: the customer hears UNAVAILABLE, and the resend once it is back stores the message once', async () => {
  const queue = uniqueQueue('pg-down');
  const proxy = await proxyTo(pgHostPort());
  const url = throughProxy(testEnv().databaseUrl, proxy);
  await run('worker', { TEMPORAL_TASK_QUEUE: queue, DATABASE_URL: url });
  const api = await run('api', { TEMPORAL_TASK_QUEUE: queue, TEMPORAL_CALL_TIMEOUT_SECONDS: '3', DATABASE_URL: url });
  const customer = token('customer', 'cus-14');
  const { id } = await customerTurn(api.port!, customer, null, 'How do I export a dashboard to PDF?');

  proxy.cut();
  const input = { conversationId: id, body: 'And can I schedule that export every Monday?', clientMessageId: cid() };
  const down = await gql(api.port!, customer, SEND, { input });
  expect(errorCode(down)).toBe('UNAVAILABLE');
  expect(await rowsWithClientMessageId(id, input.clientMessageId)).toBe(0); // nothing half-written
  proxy.restore();

  const resent = await resendUntilAnswered(() => gql(api.port!, customer, SEND, { input }));
  const seq = resent.data!.sendMessage.seq as number;
  expect(resent.data!.sendMessage).toMatchObject({ conversationId: id, clientMessageId: input.clientMessageId });
  expect(await rowsWithClientMessageId(id, input.clientMessageId)).toBe(1);
  expect(await answersAfter(id, seq)).toHaveLength(1);
  const again = await gql(api.port!, customer, SEND, { input });
  expect(again.data!.sendMessage.seq).toBe(seq);
});

it('PostgreSQL down under the worker only: the message is acknowledged (the API stored it) and answered once it is back', async () => {
  const queue = uniqueQueue('pg-down-worker');
  const proxy = await proxyTo(pgHostPort());
  await run('worker', { TEMPORAL_TASK_QUEUE: queue, DATABASE_URL: throughProxy(testEnv().databaseUrl, proxy) });
  const api = await run('api', { TEMPORAL_TASK_QUEUE: queue, TEMPORAL_CALL_TIMEOUT_SECONDS: '3' });
  const customer = token('customer', 'cus-14');
  const { id } = await customerTurn(api.port!, customer, null, 'How do I export a dashboard to PDF?');

  proxy.cut();
  const input = { conversationId: id, body: 'And can I schedule that export every Monday?', clientMessageId: cid() };
  const acked = await gql(api.port!, customer, SEND, { input });
  expect(acked.errors).toBeUndefined();
  const seq = acked.data!.sendMessage.seq as number;
  await new Promise((r) => setTimeout(r, 3000)); // the worker's turn retries its store meanwhile
  proxy.restore();

  expect(await answersAfter(id, seq)).toHaveLength(1);
  expect(await rowsWithClientMessageId(id, input.clientMessageId)).toBe(1);
  const again = await gql(api.port!, customer, SEND, { input });
  expect(again.data!.sendMessage.seq).toBe(seq);
});

it('PostgreSQL down under the API: a read answers UNAVAILABLE, not INTERNAL', async () => {
  const proxy = await proxyTo(pgHostPort());
  const api = await run('api', {
    TEMPORAL_TASK_QUEUE: uniqueQueue('pg-down-api'),
    DATABASE_URL: throughProxy(testEnv().databaseUrl, proxy),
  });
  const read = () => gql(api.port!, staffToken(), `{ conversations(first: 1) { edges { node { id } } } }`);
  expect((await read()).errors).toBeUndefined();
  proxy.cut();
  const r = await read();
  expect(errorCode(r)).toBe('UNAVAILABLE');
  expect(r.errors![0].message).not.toMatch(/ECONN|127\.0\.0\.1|terminated/i);
  proxy.restore();
  await resendUntilAnswered(read);
});

it('a start retried after the conversation ended answers it as it is, and never starts a second run', async () => {
  const queue = uniqueQueue('closed-start');
  await run('worker', { TEMPORAL_TASK_QUEUE: queue });
  const api = await run('api', { TEMPORAL_TASK_QUEUE: queue });
  const customer = token('customer', 'cus-15');
  const input = { body: 'How do I export a dashboard to PDF?', clientMessageId: cid() };
  const started = await gql(api.port!, customer, START, { input });
  const id = started.data!.startConversation.id as string;
  await turnsHandled(id);
  const closed = await gql(
    api.port!,
    staffToken(),
    `mutation($id: ID!) { closeConversation(conversationId: $id) { status } }`,
    {
      id,
    },
  );
  expect(closed.data!.closeConversation.status).toBe('CLOSED');

  const t = await temporalClient();
  try {
    const handle = t.client.workflow.getHandle(`conversation-${id}`);
    const ended = await waitFor(async () => {
      const d = await handle.describe();
      return d.status.name === 'COMPLETED' ? d : undefined;
    });
    const retried = await gql(api.port!, customer, START, { input });
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.startConversation).toMatchObject({ id, status: 'CLOSED' });
    const latest = await handle.describe();
    expect(latest.runId).toBe(ended.runId);
    expect(latest.status.name).toBe('COMPLETED');
    expect(await rowsWithClientMessageId(id, input.clientMessageId)).toBe(1);
  } finally {
    await t.close();
  }
});

it('a Stripe webhook whose signal failed is delivered when Stripe retries it, and only once', async () => {
  const secret = 'whsec_faults_0123456789abcdef';
  const queue = uniqueQueue('webhook-retry');
  const temporalProxy = await proxyTo(testEnv().temporalAddress);
  await run('worker', { TEMPORAL_TASK_QUEUE: queue });
  const api = await run('api', {
    TEMPORAL_TASK_QUEUE: queue,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalProxy.port}`,
    TEMPORAL_CALL_TIMEOUT_SECONDS: '3',
    // The webhook is served when Stripe is configured; this test never calls Stripe's API.
    STRIPE_API_KEY: 'sk_test_faults',
    STRIPE_API_BASE: 'http://127.0.0.1:9',
    STRIPE_WEBHOOK_SECRET: secret,
  });
  const customer = token('customer', 'cus-16');
  const { id } = await customerTurn(api.port!, customer, null, 'Can I speak to someone about my invoice?');
  const email = (await gql(api.port!, customer, '{ me { customer { email } } }')).data!.me.customer.email;
  const body = JSON.stringify({
    id: `evt_${cid()}`,
    object: 'event',
    type: 'invoice.payment_failed',
    data: { object: { object: 'invoice', customer_email: email, customer: 'cus_unknown' } },
  });
  const post = () =>
    fetch(`http://127.0.0.1:${api.port}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(body, secret) },
      body,
    });

  temporalProxy.cut();
  const failed = await post();
  expect(failed.status).toBe(503); // Stripe retries anything but a 2xx
  temporalProxy.restore();

  const delivered = await waitFor(async () => {
    const r = await post();
    return r.status === 200 ? ((await r.json()) as Record<string, unknown>) : undefined;
  }, 45_000);
  expect(delivered).toEqual({ received: true, duplicate: false, conversationId: id });
  expect(await (await post()).json()).toMatchObject({ duplicate: true });
  const events = await waitFor(async () => {
    const r = await db.query(
      `SELECT count(*)::int AS n FROM conversation_events WHERE conversation_id = $1 AND kind = 'billing_event'`,
      [id],
    );
    return r.rows[0].n > 0 ? r.rows[0].n : undefined;
  });
  expect(events).toBe(1);
});

it('a worker SIGTERMed in the middle of an AI turn finishes it before it exits: answered once, not AI_UNAVAILABLE', async () => {
  openai = await startOpenAiStub();
  const answer = 'Open the dashboard, choose Share → Export → PDF.';
  openai.respond = () => ({
    delayMs: 4_000,
    arguments: {
      explicitHumanRequest: false,
      category: null,
      frustration: 0.05,
      answer,
      citedArticleIds: ['kb-024'],
      confidence: 0.9,
    },
  });
  const queue = uniqueQueue('drain');
  const aiEnv = {
    TEMPORAL_TASK_QUEUE: queue,
    AI_PROVIDER: 'openai',
    OPENAI_API_KEY: 'sk-test-0123456789',
    OPENAI_BASE_URL: openai.url,
    OPENAI_MODEL: 'test-model',
    OPENAI_TIMEOUT_MS: '15000',
    WORKER_SHUTDOWN_GRACE_SECONDS: '20',
  };
  const first = await run('worker', aiEnv);
  const api = await run('api', { TEMPORAL_TASK_QUEUE: queue });
  const customer = token('customer', 'cus-10');
  const started = await gql(api.port!, customer, START, {
    input: { body: 'How do I export a dashboard to PDF?', clientMessageId: cid() },
  });
  const id = started.data!.startConversation.id as string;
  const assessTurns = () => openai!.requests.filter((r) => r.body.tools?.[0]?.function.name === 'assess_turn');
  await waitFor(() => assessTurns().length === 1);

  const sigtermAt = Date.now();
  const exited = first.stop('SIGTERM');
  await run('worker', aiEnv); // the rolling deploy's replacement
  await exited;
  expect(Date.now() - sigtermAt).toBeGreaterThan(1_000); // it waited for the turn instead of cancelling it

  expect(await answersAfter(id, 1)).toEqual(['AI']);
  const c = (await gql(api.port!, staffToken(), CONVERSATION, { id })).data!.conversation;
  expect(c.status).toBe('AI_ACTIVE');
  expect(c.escalation).toBeNull();
  expect(c.messages.edges.map((e: any) => e.node.body)).toContain(answer);
  expect(assessTurns()).toHaveLength(1); // one attempt: drained, not cancelled and retried
});
