import { randomUUID } from 'node:crypto';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { Client as PgClient, Pool as PgPool } from 'pg';
import WebSocket from 'ws';
import { signToken, type Role } from '../../src/auth/jwt';
import { conversationStateQuery, type ConversationStateView } from '../../workflows/conversation/conversation.messages';
import { freePort } from '../../src/net';
import { loadConfig } from '../../src/config';
import { EncryptionCodec } from '../../src/crypto/payload-codec';
import { startEntrypoint, type Entrypoint } from './entrypoint';
import { testEnv } from './env';

/** The bearer token the test processes' /metrics answers to. */
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789';

/**
 * Tests drive many requests per identity on purpose: the rate limits are raised (not turned off, so every test still
 * runs through them). test/abuse.test.ts sets real ones.
 */
export const RAISED_RATE_LIMITS: Record<string, string> = {
  RATE_LIMIT_MESSAGES: '100000/1',
  RATE_LIMIT_CONVERSATIONS: '100000/1',
  RATE_LIMIT_STAFF: '100000/1',
  RATE_LIMIT_TYPING: '100000/1',
  // Visitor sessions are limited per client address, which every test shares (127.0.0.1).
  RATE_LIMIT_VISITOR_MESSAGES: '100000/1',
  RATE_LIMIT_VISITOR_CONVERSATIONS: '100000/1',
  RATE_LIMIT_VISITOR_SESSIONS: '100000/1',
};

/** The deployment key of every process a test starts (a real key, so production-mode processes start too). */
export const TEST_DATA_KEYS = `test-1:${Buffer.alloc(32, 7).toString('base64')}`;

/** A worker or API a test started (see startProcess). */
export type Proc = Entrypoint;

/** What every process a test starts needs: where this jest worker's database and Temporal namespace are. */
export function peersEnv(): Record<string, string> {
  const t = testEnv();
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    DATABASE_URL: t.databaseUrl,
    TEMPORAL_ADDRESS: t.temporalAddress,
    TEMPORAL_NAMESPACE: t.namespace,
    DATA_ENCRYPTION_KEYS: TEST_DATA_KEYS,
  };
}

/**
 * Starts a production entrypoint (dist/src/main/<name>.js) on this jest worker's database and Temporal namespace and
 * waits for the line that says it is ready; `env` adds to or overrides the test defaults.
 */
export async function startProcess(
  name: 'worker' | 'api',
  env: Record<string, string>,
  readyTimeoutMs = 60_000,
): Promise<Proc> {
  const t = testEnv();
  // Workers run side by side (tests, other checkouts): each gets its own metrics port unless the caller picks one.
  const metricsEnv: Record<string, string> =
    name === 'worker' && !env.WORKER_METRICS_PORT ? { WORKER_METRICS_PORT: String(await freePort()) } : {};
  return startEntrypoint(
    name,
    {
      ...peersEnv(),
      AUTH_JWT_SECRET: t.jwtSecret,
      PORT: '0',
      HOST: '127.0.0.1',
      METRICS_TOKEN: TEST_METRICS_TOKEN,
      ...RAISED_RATE_LIMITS,
      ...metricsEnv,
      ...env,
    },
    { timeoutMs: readyTimeoutMs },
  );
}

export function token(role: Role, sub: string): string {
  return signToken(testEnv().jwtSecret, { sub, role });
}

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string }; path?: string[] }>;
}

export async function gql<T = Record<string, any>>(
  port: number,
  auth: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GqlResult<T>> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GqlResult<T>;
  return { ...body, status: res.status };
}

export function errorCode(r: GqlResult): string | undefined {
  return r.errors?.[0]?.extensions?.code;
}

export function wsClient(port: number, auth: string | null): WsClient {
  return createClient({
    url: `ws://127.0.0.1:${port}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: auth ? { authorization: `Bearer ${auth}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

export interface Subscription<T> {
  events: T[];
  errors: unknown[];
  /** Resolves as soon as an event or error makes pred true; rejects after timeoutMs. */
  waitFor(pred: (events: T[], errors: unknown[]) => boolean, timeoutMs?: number): Promise<T[]>;
  dispose(): void;
}

export function subscribe<T = Record<string, any>>(
  client: WsClient,
  query: string,
  variables: Record<string, unknown>,
): Subscription<T> {
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters = new Set<() => void>();
  const changed = () => waiters.forEach((w) => w());
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (v) => {
        if (v.errors) errors.push(...v.errors);
        if (v.data) events.push(v.data as T);
        changed();
      },
      error: (e) => {
        errors.push(e);
        changed();
      },
      complete: () => undefined,
    },
  );
  return {
    events,
    errors,
    dispose,
    waitFor: (pred, timeoutMs = 20_000) =>
      new Promise<T[]>((resolve, reject) => {
        const check = () => {
          let met: boolean;
          try {
            met = pred(events, errors);
          } catch (e) {
            done();
            return reject(e as Error);
          }
          if (!met) return;
          done();
          resolve(events);
        };
        // Events wake the check at once; the interval covers predicates that also read state outside the subscription.
        const poll = setInterval(check, 100);
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(
              `condition not met in ${timeoutMs} ms: events: ${JSON.stringify(events)} errors: ${JSON.stringify(errors)}`,
            ),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          clearInterval(poll);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
  };
}

export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
  describe?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms${describe ? `: ${describe()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * What a client does with UNAVAILABLE ("outcome unknown"): resends the same request (same idempotency key) until it
 * has an outcome. Any other error fails at once.
 */
export async function resendUntilAnswered(send: () => Promise<GqlResult>, timeoutMs = 45_000): Promise<GqlResult> {
  return waitFor(async () => {
    const r = await send();
    if (!r.errors) return r;
    if (errorCode(r) !== 'UNAVAILABLE') throw new Error(`resend failed: ${JSON.stringify(r.errors)}`);
    return undefined;
  }, timeoutMs);
}

export async function pg(): Promise<PgClient> {
  const c = new PgClient({ connectionString: testEnv().databaseUrl });
  await c.connect();
  return c;
}

/**
 * The payload codec the test processes use (their key, this jest worker's database): what a test reads from
 * Temporal is decrypted as the API would read it.
 */
export function testCodec(): { codec: EncryptionCodec; close(): Promise<void> } {
  const pool = new PgPool({ connectionString: testEnv().databaseUrl, max: 2 });
  const config = loadConfig({ NODE_ENV: 'test', DATA_ENCRYPTION_KEYS: TEST_DATA_KEYS }).dataProtection;
  const codec = new EncryptionCodec({ query: async (sql, params) => (await pool.query(sql, params)).rows }, config);
  return { codec, close: () => pool.end() };
}

/** The parts of a history event activityTypes reads. */
type HistoryEventLike = {
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null;
  markerRecordedEventAttributes?: {
    markerName?: string | null;
    details?: Record<string, { payloads?: Payload[] | null }> | null;
  } | null;
};

export async function temporalClient(): Promise<{
  client: TemporalClient;
  /** A payload of a fetched history (those stay encrypted), decrypted and read as the SDK would. */
  payload<T = any>(p: Payload): Promise<T>;
  /** The activity types of a fetched history: the regular ones scheduled and the local ones' markers, in order. */
  activityTypes(events: HistoryEventLike[]): Promise<{ scheduled: string[]; local: string[] }>;
  close(): Promise<void>;
}> {
  const { temporalAddress, namespace } = testEnv();
  const connection = await Connection.connect({ address: temporalAddress });
  const { codec, close } = testCodec();
  const client = new TemporalClient({ connection, namespace, dataConverter: { payloadCodecs: [codec] } });
  const payload = async (p: Payload) => defaultPayloadConverter.fromPayload((await codec.decode([p]))[0]) as any;
  return {
    client,
    payload,
    activityTypes: async (events) => ({
      scheduled: events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []),
      local: await Promise.all(
        events
          .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')
          .map(
            async (e) => (await payload(e.markerRecordedEventAttributes!.details!.data!.payloads![0]!)).activity_type,
          ),
      ),
    }),
    close: async () => {
      await connection.close();
      await close();
    },
  };
}

/**
 * The conversation workflow's own account once it has handled every customer turn it accepted: whatever a turn
 * makes it write (an AI answer, a notice, a duplicate answer that should not exist) is written by then. The event a
 * test that asserts "nothing more happened" waits for, instead of sleeping.
 */
export async function turnsHandled(conversationId: string, timeoutMs = 30_000): Promise<ConversationStateView> {
  const t = await temporalClient();
  try {
    const handle = t.client.workflow.getHandle(`conversation-${conversationId}`);
    return await waitFor(async () => {
      const s = await handle.query(conversationStateQuery);
      return s.pendingTurns === 0 ? s : undefined;
    }, timeoutMs);
  } finally {
    await t.close();
  }
}

export const uniqueQueue = (label: string) => `test-${label}-${randomUUID().slice(0, 8)}`;
export const cid = () => randomUUID();

/** A worker and an API on their own task queue: one test file's private slice of the system. */
export async function startStack(label: string, extraEnv: Record<string, string> = {}) {
  const env = { TEMPORAL_TASK_QUEUE: uniqueQueue(label), ...extraEnv };
  const [worker, api] = await Promise.all([startProcess('worker', env), startProcess('api', env)]);
  const stack = {
    env,
    /** Replaceable: a test may kill the worker and start another. */
    worker,
    api,
    port: api.port!,
    stop: async () => {
      await Promise.all([stack.api.stop(), stack.worker.stop()]);
    },
  };
  return stack;
}

export const START = `mutation Start($input: StartConversationInput!) {
  startConversation(input: $input) { id status workflowId pageContext { route title errorMessage url } customer { id } }
}`;
export const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) { id seq conversationId authorKind body clientMessageId createdAt }
}`;
export const MESSAGES = `query Messages($id: ID!, $first: Int, $after: String, $afterSeq: Int) {
  conversation(id: $id) { id status messages(first: $first, after: $after, afterSeq: $afterSeq) {
    edges { cursor node { id seq authorKind body clientMessageId ai { confidence sources { id title } } } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  } }
}`;
export const MESSAGE_ADDED = `subscription OnMessage($id: ID!, $afterSeq: Int) {
  messageAdded(conversationId: $id, afterSeq: $afterSeq) { id seq authorKind body ai { confidence sources { id title } } }
}`;

export const CONVERSATION = `query Conversation($id: ID!) {
  conversation(id: $id) {
    id status workflowId resolvedBy
    assignee { id tier }
    queue { position estimatedWaitSeconds }
    escalation { reason category confidence sentiment policyVersion at triggers { kind fired score threshold evidence } }
    handoff { goal summary whyStopped flags account aiAttempts { seq confidence sources } pageContext { route errorMessage } }
    sla { deadline pool steps { action atPercent dueAt firedAt } }
    messages(first: 100) { edges { node { id seq authorKind body ai { confidence sources { id title } } } } }
  }
}`;

/** An admin's token: what the support team sees of a conversation. */
export const staffToken = () => token('admin', 'admin-1');

/**
 * Sends (or starts with) a customer message and waits for what answers it: an AI reply or a SYSTEM notice. The
 * conversation returned is the team's view of it (escalation, SLA, assignee included).
 */
export async function customerTurn(
  port: number,
  auth: string,
  conversationId: string | null,
  body: string,
  pageContext?: Record<string, unknown>,
) {
  let id = conversationId;
  let seq: number;
  const clientMessageId = cid();
  // As the widget does: UNAVAILABLE is resent with the same clientMessageId, which stores and answers the message once
  // (a worker warming up on a loaded machine may take longer than one call of a short TEMPORAL_CALL_TIMEOUT_SECONDS).
  const send = async (query: string, input: object) =>
    must(await resendUntilAnswered(() => gql(port, auth, query, { input })));
  if (!id) {
    id = (await send(START, { body, clientMessageId, pageContext })).startConversation.id as string;
    seq = 1;
  } else {
    seq = (await send(SEND, { conversationId: id, body, clientMessageId })).sendMessage.seq;
  }
  // Read as the team sees it: a customer's view hides the escalation, the SLA and the assignee.
  const conversation = await waitFor(async () => {
    const r = await gql(port, staffToken(), CONVERSATION, { id });
    const c = r.data?.conversation;
    const answered = c?.messages.edges.some(
      (e: any) => e.node.seq > seq && (e.node.authorKind === 'AI' || e.node.authorKind === 'SYSTEM'),
    );
    return answered ? c : undefined;
  }, 30_000);
  const reply = conversation.messages.edges
    .map((e: any) => e.node)
    .find((m: any) => m.seq > seq && (m.authorKind === 'AI' || m.authorKind === 'SYSTEM'));
  return { id: id!, conversation, reply };
}

function must<T>(r: GqlResult<T>): T {
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!;
}

/** An agent takes a waiting conversation, answers it and resolves it; returns the resolved conversation. */
export async function agentResolves(
  port: number,
  agentAuth: string,
  conversationId: string,
  answer: string,
  resolution: { summary: string; kbWorthy?: boolean },
) {
  must(
    await gql(port, agentAuth, `mutation($id: ID!) { claimConversation(conversationId: $id) { id } }`, {
      id: conversationId,
    }),
  );
  must(await gql(port, agentAuth, SEND, { input: { conversationId, body: answer, clientMessageId: cid() } }));
  const r = must(
    await gql(
      port,
      agentAuth,
      `mutation($id: ID!, $r: ResolutionInput!) { resolveConversation(conversationId: $id, resolution: $r) { id status resolvedBy } }`,
      { id: conversationId, r: resolution },
    ),
  );
  return r.resolveConversation as { id: string; status: string; resolvedBy: string };
}

/**
 * The knowledge suggestion drawn from a conversation, once its replay report is in (the suggestion workflow runs
 * after the resolution). `fields` adds to what is selected on it.
 */
export async function suggestionFrom(
  port: number,
  auth: string,
  conversationId: string,
  opts: { status?: string; fields?: string } = {},
) {
  const query = `query($status: SuggestionStatus) { knowledgeSuggestions(status: $status, first: 50) {
    edges { node { id sourceConversations { id } replay { total } ${opts.fields ?? ''} } } } }`;
  return waitFor(async () => {
    const r = await gql(port, auth, query, { status: opts.status ?? 'PENDING' });
    const node = r.data?.knowledgeSuggestions.edges
      .map((e: any) => e.node)
      .find((n: any) => n.sourceConversations.some((c: any) => c.id === conversationId));
    return node?.replay ? node : undefined;
  }, 30_000);
}
