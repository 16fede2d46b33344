import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { RETENTION_SCHEDULE_ID } from '../workflows/retention/retention.messages';
import { testEnv } from './support/env';
import {
  cid,
  customerTurn,
  gql,
  pg,
  startStack,
  temporalClient,
  testCodec,
  token,
  turnsHandled,
  waitFor,
} from './support/stack';

/**
 * Customer data at rest and over its lifetime, on the real stack: Temporal holds conversations only encrypted
 * (operators read them through the codec endpoint), an admin exports everything about one customer and erases it
 * (their rows gone, their conversations closed through their workflows, their key shredded so the histories can no
 * longer be read), and nobody else's data is touched.
 */
let stack: Awaited<ReturnType<typeof startStack>>;
const admin = token('admin', 'admin-lifecycle');

/** An address of this machine that is not loopback: a caller through it is "remote" to the API. */
const remoteAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && !a.internal && a.family === 'IPv4')?.address;

beforeAll(async () => {
  // Listening on every interface, so the same API is reached from loopback and from the machine's own address.
  stack = await startStack('customer-data', { API_HOST: '0.0.0.0' });
});
afterAll(() => stack.stop());

async function newCustomer(label: string): Promise<string> {
  const id = `cus-${label}-${randomUUID().slice(0, 8)}`;
  const db = await pg();
  try {
    await db.query(
      `INSERT INTO customers (id, name, email, company, tier) VALUES ($1, $2, $3, 'Lifecycle Co', 'PRO')`,
      [id, `${label} person`, `${id}@lifecycle.example`],
    );
  } finally {
    await db.end();
  }
  return id;
}

/** The history as Temporal stores it, read with no codec at all. */
async function rawHistory(workflowId: string): Promise<string> {
  const { temporalAddress, namespace } = testEnv();
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const history = await new TemporalClient({ connection, namespace }).workflow.getHandle(workflowId).fetchHistory();
    return JSON.stringify(history, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v));
  } finally {
    await connection.close();
  }
}

/** `temporal workflow show`, optionally through a codec endpoint (as an operator runs it). */
function cliShow(workflowId: string, codecEndpoint?: string): string {
  const env = testEnv();
  const args = ['workflow', 'show', '--workflow-id', workflowId, '--address', env.temporalAddress];
  args.push('--namespace', env.namespace, '--output', 'json');
  if (codecEndpoint) args.push('--codec-endpoint', codecEndpoint);
  return execFileSync(env.temporalCliPath, args, { encoding: 'utf8' });
}

/** A history's JSON and every payload's data as text: what anyone holding it could read. */
const readable = (history: string) => `${history}\n${decodedText(payloadsOf(history))}`;

/** The payloads of the workflow's start event and its updates, in Temporal's JSON form (what the UI sends). */
function payloadsOf(history: string): Array<{ metadata: Record<string, string>; data: string }> {
  const found: Array<{ metadata: Record<string, string>; data: string }> = [];
  JSON.parse(history, (_k, v) => {
    if (v && typeof v === 'object' && v.metadata && typeof v.data === 'string') found.push(v);
    return v;
  });
  return found;
}

async function codecCall(
  base: string,
  op: 'decode' | 'encode',
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${base}/codec/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const body = async (r: Response): Promise<any> => r.json();

const decodedText = (payloads: Array<{ data: string }>) =>
  payloads.map((p) => Buffer.from(p.data, 'base64').toString('utf8')).join('\n');

describe('customer data at rest', () => {
  it('stores histories encrypted; the codec endpoint decrypts them for admins and for loopback only', async () => {
    const customer = await newCustomer('atrest');
    const secret = `my licence key is ${randomUUID()}`;
    const turn = await customerTurn(stack.port, token('customer', customer), null, `How do I export to PDF? ${secret}`);
    await turnsHandled(turn.id);
    const workflowId = `conversation-${turn.id}`;

    const raw = await rawHistory(workflowId);
    expect(readable(raw)).not.toContain(secret);
    const cliRaw = cliShow(workflowId);
    expect(readable(cliRaw)).not.toContain(secret);
    expect(cliRaw).toContain(Buffer.from('binary/encrypted').toString('base64'));

    const local = `http://127.0.0.1:${stack.port}`;
    // The operator's recipe: the CLI through the codec endpoint reads the conversation.
    expect(readable(cliShow(workflowId, `${local}/codec`))).toContain(secret);

    const payloads = payloadsOf(cliRaw);
    expect(payloads.length).toBeGreaterThan(3);
    const fromLoopback = await codecCall(local, 'decode', { payloads });
    expect(fromLoopback.status).toBe(200);
    expect(decodedText((await body(fromLoopback)).payloads)).toContain(secret);

    // From another machine (here: this machine's own non-loopback address), only an admin's token opens it.
    const remote = remoteAddress ? `http://${remoteAddress}:${stack.port}` : null;
    const forwarded: Record<string, string> = remote ? {} : { 'x-forwarded-for': '203.0.113.9' }; // behind a proxy: never "loopback"
    const base = remote ?? local;
    const refused = [
      [await codecCall(base, 'decode', { payloads }, forwarded), 401],
      [await codecCall(base, 'decode', { payloads }, { ...forwarded, authorization: 'Bearer forged' }), 401],
      [
        await codecCall(
          base,
          'decode',
          { payloads },
          { ...forwarded, authorization: `Bearer ${token('agent', 'agt-1')}` },
        ),
        403,
      ],
      [
        await codecCall(
          base,
          'decode',
          { payloads },
          { ...forwarded, authorization: `Bearer ${token('customer', customer)}` },
        ),
        403,
      ],
    ] as const;
    for (const [res, status] of refused) {
      expect(res.status).toBe(status);
      expect(JSON.stringify(await body(res))).not.toContain(secret);
    }
    const asAdmin = await codecCall(base, 'decode', { payloads }, { ...forwarded, authorization: `Bearer ${admin}` });
    expect(asAdmin.status).toBe(200);
    expect(decodedText((await body(asAdmin)).payloads)).toContain(secret);

    // The Temporal Web UI's origin may call it from the browser; another origin gets no CORS grant.
    const preflight = (origin: string) =>
      fetch(`${local}/codec/decode`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-namespace',
        },
      });
    expect((await preflight('http://localhost:8233')).headers.get('access-control-allow-origin')).toBe(
      'http://localhost:8233',
    );
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();

    // Encoding (the UI sending a signal) answers ciphertext that decodes back.
    const plain = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from('"hi"').toString('base64'),
    };
    const enc = (await body(await codecCall(local, 'encode', { payloads: [plain] }))).payloads;
    expect(Buffer.from(enc[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    const dec = (await body(await codecCall(local, 'decode', { payloads: enc }))).payloads;
    expect(dec[0]).toEqual(plain);
  });
});

const EXPORT = `mutation($id: ID!) { exportCustomerData(customerId: $id) { customerId exportedAt json downloadPath } }`;
const ERASE = `mutation($id: ID!) {
  eraseCustomerData(customerId: $id) {
    customerId conversationsClosed conversations messages events knowledgeSuggestions keysShredded erasedAt
  }
}`;

async function rowCounts(customerId: string, conversationIds: string[]) {
  const db = await pg();
  try {
    const one = async (q: string, p: unknown[]) => Number((await db.query(q, p)).rows[0].n);
    return {
      customers: await one('SELECT count(*) AS n FROM customers WHERE id = $1', [customerId]),
      conversations: await one('SELECT count(*) AS n FROM conversations WHERE id = ANY($1::uuid[])', [conversationIds]),
      messages: await one('SELECT count(*) AS n FROM messages WHERE conversation_id = ANY($1::uuid[])', [
        conversationIds,
      ]),
      events: await one('SELECT count(*) AS n FROM conversation_events WHERE conversation_id = ANY($1::uuid[])', [
        conversationIds,
      ]),
      ratings: await one('SELECT count(*) AS n FROM conversation_ratings WHERE conversation_id = ANY($1::uuid[])', [
        conversationIds,
      ]),
      liveKeys: await one(
        'SELECT count(*) AS n FROM customer_data_keys WHERE customer_id = $1 AND wrapped_key IS NOT NULL',
        [customerId],
      ),
    };
  } finally {
    await db.end();
  }
}

describe('export and erasure of one customer', () => {
  it('exports everything about them, then erases it: rows gone, conversations closed, histories unreadable', async () => {
    const erased = await newCustomer('erased');
    const kept = await newCustomer('kept');
    const secret = `reference ${randomUUID()}`;
    const keptSecret = `order number ${randomUUID()}`;
    const e = token('customer', erased);
    // One conversation the AI resolved and the customer rated, one still open; the other customer's open one.
    const resolved = await customerTurn(stack.port, e, null, 'How do I change the chart colours?');
    await turnsHandled(resolved.id);
    const confirm = await gql(stack.port, e, `mutation($id: ID!) { confirmResolved(conversationId: $id) { status } }`, {
      id: resolved.id,
    });
    expect(confirm.errors).toBeUndefined();
    const rate = `mutation($id: ID!) { rateConversation(conversationId: $id, score: 5, comment: "thanks for ${secret}") { id } }`;
    expect((await gql(stack.port, e, rate, { id: resolved.id })).errors).toBeUndefined();
    const open = await customerTurn(stack.port, e, null, `Where are my invoices? ${secret}`);
    const other = await customerTurn(stack.port, token('customer', kept), null, `Where are my invoices? ${keptSecret}`);
    await Promise.all([turnsHandled(open.id), turnsHandled(other.id)]);
    const mine = [resolved.id, open.id];

    // Export: admins only, everything about them and nothing about anyone else.
    expect((await gql(stack.port, token('agent', 'agt-1'), EXPORT, { id: erased })).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    const exported = await gql(stack.port, admin, EXPORT, { id: erased });
    expect(exported.errors).toBeUndefined();
    const doc = JSON.parse(exported.data!.exportCustomerData.json);
    expect(doc.customer).toMatchObject({ id: erased, email: `${erased}@lifecycle.example` });
    expect(doc.conversations.map((c: { id: string }) => c.id).sort()).toEqual([...mine].sort());
    expect(doc.messages.filter((m: { body: string }) => m.body.includes(secret))).toHaveLength(1);
    expect(doc.messages.some((m: { author_kind: string }) => m.author_kind === 'AI')).toBe(true);
    expect(doc.events.length).toBeGreaterThan(2);
    expect(doc.ratings).toEqual([
      expect.objectContaining({ conversation_id: resolved.id, score: 5, comment: `thanks for ${secret}` }),
    ]);
    expect(doc.billingActions).toEqual([]);
    expect(doc.dataKeys).toEqual([expect.objectContaining({ customer_id: erased, shredded_at: null })]);
    expect(exported.data!.exportCustomerData.json).not.toContain(keptSecret);
    // The same document as a download, for the same admins.
    const url = `http://127.0.0.1:${stack.port}${exported.data!.exportCustomerData.downloadPath}`;
    const download = await fetch(url, { headers: { authorization: `Bearer ${admin}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="customer-.*\.json"$/);
    expect((await body(download)).messages).toHaveLength(doc.messages.length);
    expect((await fetch(url, { headers: { authorization: `Bearer ${token('agent', 'agt-1')}` } })).status).toBe(403);
    expect((await fetch(url)).status).toBe(401);

    const historyBefore = cliShow(`conversation-${open.id}`, `http://127.0.0.1:${stack.port}/codec`);
    expect(readable(historyBefore)).toContain(secret);

    // Erase: agents may not; the admin's erasure closes the open conversations first.
    expect((await gql(stack.port, token('agent', 'agt-1'), ERASE, { id: erased })).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    const erasure = await gql(stack.port, admin, ERASE, { id: erased });
    expect(erasure.errors).toBeUndefined();
    expect(erasure.data!.eraseCustomerData).toMatchObject({
      customerId: erased,
      conversationsClosed: 2, // the open one, and the resolved one still inside its reopen window
      conversations: 2,
      keysShredded: 1,
    });
    expect(erasure.data!.eraseCustomerData.messages).toBe(doc.messages.length);

    // PostgreSQL: nothing of theirs is left but the proof that their key was destroyed.
    expect(await rowCounts(erased, mine)).toEqual({
      customers: 0,
      conversations: 0,
      messages: 0,
      events: 0,
      ratings: 0,
      liveKeys: 0,
    });
    // Temporal: their workflows ended closed, and their histories cannot be read any more, not even by operators.
    const t = await temporalClient();
    const { codec, close } = testCodec();
    try {
      for (const id of mine) {
        const workflowId = `conversation-${id}`;
        const d = await t.client.workflow.getHandle(workflowId).describe();
        expect(d.status.name).toBe('COMPLETED');
        const raw = await rawHistory(workflowId);
        expect(readable(raw)).not.toContain(secret);
        const res = await codecCall(`http://127.0.0.1:${stack.port}`, 'decode', { payloads: payloadsOf(raw) });
        expect(res.status).toBe(200);
        expect(decodedText((await body(res)).payloads)).not.toContain(secret);
        expect(readable(cliShow(workflowId, `http://127.0.0.1:${stack.port}/codec`))).not.toContain(secret);
      }
      const firstInput = payloadsOf(await rawHistory(`conversation-${open.id}`))[0];
      const asPayload = {
        metadata: Object.fromEntries(
          Object.entries(firstInput.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
        ),
        data: Buffer.from(firstInput.data, 'base64'),
      };
      await expect(codec.decode([asPayload])).rejects.toThrow(/data key was destroyed/);

      // Nobody else's: the other customer's conversation is open, stored and readable as before.
      const otherState = await t.client.workflow.getHandle(`conversation-${other.id}`).describe();
      expect(otherState.status.name).toBe('RUNNING');
      expect(readable(cliShow(`conversation-${other.id}`, `http://127.0.0.1:${stack.port}/codec`))).toContain(
        keptSecret,
      );
    } finally {
      await close();
      await t.close();
    }
    const keptRows = await rowCounts(kept, [other.id]);
    expect(keptRows).toMatchObject({ customers: 1, conversations: 1, liveKeys: 1 });
    expect(keptRows.messages).toBeGreaterThanOrEqual(2);
    const stillOpen = await gql(
      stack.port,
      token('customer', kept),
      `query($id: ID!) { conversation(id: $id) { status } }`,
      {
        id: other.id,
      },
    );
    expect(stillOpen.data!.conversation.status).toBe(other.conversation.status);
    expect(['AI_ACTIVE', 'AWAITING_AGENT']).toContain(other.conversation.status);

    // Both operations are in the audit log, with who did them.
    const db = await pg();
    try {
      const audit = await db.query(
        'SELECT action, actor_id, details FROM data_audit_log WHERE customer_id = $1 ORDER BY id',
        [erased],
      );
      // The mutation's export and the download are each recorded.
      expect(audit.rows.map((r) => [r.action, r.actor_id])).toEqual([
        ['EXPORT', 'admin-lifecycle'],
        ['EXPORT', 'admin-lifecycle'],
        ['ERASE', 'admin-lifecycle'],
      ]);
      expect(audit.rows[2].details).toMatchObject({ keysShredded: 1, conversations: 2 });
    } finally {
      await db.end();
    }
    // A second erasure of the same customer is harmless (nothing left to do); an unknown id is NOT_FOUND.
    const again = await gql(stack.port, admin, ERASE, { id: erased });
    expect(again.data?.eraseCustomerData).toMatchObject({ conversations: 0, keysShredded: 0 });
    expect((await gql(stack.port, admin, ERASE, { id: `cus-nobody-${cid()}` })).errors?.[0].extensions?.code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('retention', () => {
  it('the retention schedule erases closed conversations older than the configured age, and only those', async () => {
    const customer = await newCustomer('retention');
    const me = token('customer', customer);
    const close = `mutation($id: ID!) { closeConversation(conversationId: $id) { status } }`;
    const old = await customerTurn(stack.port, me, null, 'How do I change the chart colours?');
    const recent = await customerTurn(stack.port, me, null, 'How do I export a dashboard to PDF?');
    const open = await customerTurn(stack.port, me, null, 'How do I share a dashboard?');
    for (const c of [old, recent]) expect((await gql(stack.port, me, close, { id: c.id })).errors).toBeUndefined();
    const t = await temporalClient();
    const db = await pg();
    try {
      // Its workflow has finished writing (the close completes it) before it is made old.
      const handle = t.client.workflow.getHandle(`conversation-${old.id}`);
      await waitFor(async () => (await handle.describe()).status.name === 'COMPLETED');
      // Last touched 400 days ago (the default age is 365 days); the open one is as old, but open.
      await db.query(`UPDATE conversations SET updated_at = now() - interval '400 days' WHERE id = ANY($1::uuid[])`, [
        [old.id, open.id],
      ]);
      await t.client.schedule.getHandle(RETENTION_SCHEDULE_ID).trigger();
      await waitFor(
        async () => (await db.query('SELECT 1 FROM conversations WHERE id = $1', [old.id])).rowCount === 0,
        60_000,
      );
      const left = await db.query('SELECT id FROM conversations WHERE id = ANY($1::uuid[]) ORDER BY id', [
        [old.id, recent.id, open.id],
      ]);
      expect(left.rows.map((r) => r.id).sort()).toEqual([recent.id, open.id].sort());
      expect((await db.query('SELECT 1 FROM messages WHERE conversation_id = $1', [old.id])).rowCount).toBe(0);
      expect((await db.query('SELECT 1 FROM customers WHERE id = $1', [customer])).rowCount).toBe(1);
      const audit = await db.query(
        `SELECT actor_id, details FROM data_audit_log WHERE action = 'RETENTION_ERASE' ORDER BY id DESC LIMIT 1`,
      );
      expect(audit.rows[0]).toMatchObject({ actor_id: 'retention-schedule', details: { conversations: 1 } });
    } finally {
      await db.end();
      await t.close();
    }
  });
});
