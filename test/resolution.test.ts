import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client as PgClient } from 'pg';
import { CONVERSATION, customerTurn, errorCode, gql, pg, startStack, token, waitFor } from './support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let db: PgClient;
const admin = token('admin', 'admin-1');
const defaultPolicy = JSON.parse(readFileSync(path.join(__dirname, '..', 'data', 'demo', 'policy.json'), 'utf8'));
const UPDATE = `mutation($d: JSON!) { updateEscalationPolicy(document: $d) { version } }`;
const CONFIRM = `mutation($id: ID!) { confirmResolved(conversationId: $id) { id status resolvedBy } }`;

beforeAll(async () => {
  stack = await startStack('resolution');
  db = await pg();
  // Seconds instead of a day, so a test can watch an AI-only conversation go quiet and resolve.
  expect((await gql(stack.port, admin, UPDATE, { d: { ...defaultPolicy, aiResolvedAfterInactivitySeconds: 3 } })).errors).toBeUndefined();
});
afterAll(async () => {
  await gql(stack.port, admin, UPDATE, { d: defaultPolicy });
  await db?.end();
  await stack?.stop();
});

const read = async (id: string, auth: string) => (await gql(stack.port, auth, CONVERSATION, { id })).data!.conversation;

describe('how a conversation ends', () => {
  it('an AI-only conversation with no customer message for the policy’s time is resolved by the AI (a durable timer); a new message reopens it with the AI', async () => {
    const me = token('customer', 'cus-02');
    const { id, conversation } = await customerTurn(stack.port, me, null, 'How do I export a dashboard to PDF?');
    expect(conversation.resolvedBy).toBeNull();
    const resolved = await waitFor(async () => {
      const c = await read(id, me);
      return c.status === 'RESOLVED' ? c : undefined;
    }, 15_000);
    expect(resolved.resolvedBy).toBe('AI');

    const again = await customerTurn(stack.port, me, id, 'One more: can I export a single chart as PNG?');
    expect(again.reply.authorKind).toBe('AI');
    expect(again.conversation).toMatchObject({ status: 'AI_ACTIVE', resolvedBy: null });
    const events = await db.query(`SELECT kind, data FROM conversation_events WHERE conversation_id = $1 AND kind IN ('resolved', 'reopened') ORDER BY id`, [id]);
    expect(events.rows.map((r) => [r.kind, r.data.by ?? r.data.to])).toEqual([
      ['resolved', 'AI'],
      ['reopened', 'AI'],
    ]);
  });

  it('the customer can say "that solved it", then rate the AI-only conversation once', async () => {
    const me = token('customer', 'cus-03');
    const { id } = await customerTurn(stack.port, me, null, 'How do I change the chart colours?');
    expect(errorCode(await gql(stack.port, token('customer', 'cus-04'), CONFIRM, { id }))).toBe('NOT_FOUND');
    const done = (await gql(stack.port, me, CONFIRM, { id })).data!.confirmResolved;
    expect(done).toEqual({ id, status: 'RESOLVED', resolvedBy: 'AI' });
    expect((await gql(stack.port, me, CONFIRM, { id })).data!.confirmResolved.status).toBe('RESOLVED'); // idempotent
    expect((await gql(stack.port, me, `mutation($id: ID!) { rateConversation(conversationId: $id, score: 5) { id } }`, { id })).errors).toBeUndefined();
    const rating = await db.query('SELECT score, escalated FROM conversation_ratings WHERE conversation_id = $1', [id]);
    expect(rating.rows).toEqual([{ score: 5, escalated: false }]); // AI-only CSAT, told apart from post-escalation
  });

  it('a conversation a person handles is resolved by the agent, not confirmed away by the customer', async () => {
    const me = token('customer', 'cus-05');
    const { id } = await customerTurn(stack.port, me, null, 'I need to talk to a human, please.');
    expect(errorCode(await gql(stack.port, me, CONFIRM, { id }))).toBe('BAD_USER_INPUT');
  });
});
