import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { replayConversation } from '../domain/backtest/replay';
import type { EscalationPolicyDocument } from '../domain/escalation';
import { createDataSource } from '../src/db/data-source';
import { ConversationEventReads, type ConversationWindow } from '../src/db/events/event-reads';
import { AppError, ErrorCode } from '../src/errors';
import { testEnv } from './support/env';

/**
 * The audit trail read back through src/db/events: rows written by older releases still read (and replay), and a
 * payload no release ever wrote is an error that names its event, in whole-payload reads and in SQL aggregates.
 * Rows are planted in a day of their own (long ago) so that no other test's conversations fall in the window.
 */
const policy = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'data', 'demo', 'policy.json'), 'utf8'),
) as EscalationPolicyDocument;

let ds: DataSource;
let reads: ConversationEventReads;
/** What this file planted, removed afterwards: the malformed rows must not trip a later reader of all time. */
const planted: string[] = [];

/** A day between 1971 and 2000 that this run uses alone. */
function quietDay(): ConversationWindow {
  const from = new Date(Date.UTC(1971, 0, 1) + Math.floor(Math.random() * 10_000) * 86_400_000);
  return { from: from.toISOString(), to: new Date(from.getTime() + 86_400_000).toISOString() };
}

async function conversation(w: ConversationWindow, question: string): Promise<string> {
  const id = randomUUID();
  await ds.query(
    `INSERT INTO conversations (id, customer_id, status, tier, workflow_id, created_at, escalated_at)
     VALUES ($1, 'cus-01', 'AWAITING_AGENT', 'PRO', $2, $3, $3)`,
    [id, `conversation-${id}`, w.from],
  );
  planted.push(id);
  await ds.query(
    `INSERT INTO messages (conversation_id, seq, author_kind, body, client_message_id) VALUES ($1, 1, 'CUSTOMER', $2, 'm-1')`,
    [id, question],
  );
  return id;
}

async function event(conversationId: string, kind: string, data: unknown, at: string): Promise<string> {
  const [row]: Array<{ id: string }> = await ds.query(
    `INSERT INTO conversation_events (conversation_id, kind, data, created_at) VALUES ($1, $2, $3, $4) RETURNING id::text`,
    [conversationId, kind, JSON.stringify(data), at],
  );
  return row.id;
}

const lowConfidence = [
  { kind: 'EXPLICIT_REQUEST', fired: false, score: 0, threshold: null, evidence: null },
  { kind: 'CATEGORY', fired: false, score: 0, threshold: null, evidence: null },
  { kind: 'FRUSTRATION', fired: false, score: 0.1, threshold: 0.5, evidence: null },
  { kind: 'LOW_CONFIDENCE', fired: true, score: 0.2, threshold: 0.5, evidence: 'no article covers quiet hours' },
  { kind: 'PATIENCE', fired: false, score: 1, threshold: 3, evidence: null },
];
/** `turn_decided` as the first escalation release wrote it: no token usage, no signals, no tier. */
const oldDecision = {
  seq: 1,
  policyVersion: 1,
  escalate: true,
  reason: 'LOW_CONFIDENCE',
  category: null,
  evaluations: lowConfidence,
  confidence: 0.2,
  frustration: 0.1,
  continuesPrevious: false,
  aiTurnsOnProblem: 1,
};

beforeAll(async () => {
  ds = createDataSource(testEnv().databaseUrl, { poolSize: 2, applicationName: 'test-conversation-events' });
  await ds.initialize();
  reads = new ConversationEventReads(ds);
});

afterAll(async () => {
  for (const table of ['conversation_events', 'messages'])
    await ds?.query(`DELETE FROM ${table} WHERE conversation_id = ANY($1::uuid[])`, [planted]);
  await ds?.query('DELETE FROM conversations WHERE id = ANY($1::uuid[])', [planted]);
  await ds?.destroy();
});

describe('reading the audit trail through one module', () => {
  it('reads a turn_decided row of the oldest shape, and the backtest replays it', async () => {
    const w = quietDay();
    const id = await conversation(w, 'Can I set quiet hours for alerts?');
    await event(id, 'turn_decided', oldDecision, w.from);
    const escalated = { reason: 'LOW_CONFIDENCE', category: null, policyVersion: 1, triggers: lowConfidence };
    await event(id, 'escalated', { ...escalated, cycle: 1, deadline: w.to }, w.from);

    const events = await reads.eventsOf([id]);
    expect(events.map((e) => [e.kind, e.data])).toEqual([
      ['turn_decided', oldDecision],
      ['escalated', { ...escalated, cycle: 1, deadline: w.to }],
    ]);

    const replayed = (await reads.replayedEvents([id])).get(id)!;
    const outcome = replayConversation({ id, tier: 'PRO', events: replayed }, policy);
    expect(outcome).toMatchObject({
      turns: 1,
      before: { trigger: 'LOW_CONFIDENCE' },
      after: { trigger: 'LOW_CONFIDENCE' },
    });
    const lenient = { ...policy, confidenceThreshold: { FREE: 0.1, PRO: 0.1, ENTERPRISE: 0.1 } };
    expect(replayConversation({ id, tier: 'PRO', events: replayed }, lenient).after).toBeNull();

    // The SQL aggregates read the same old row: insights' uncovered questions, the learning loop's material.
    expect(await reads.uncoveredQuestions(w, 10)).toEqual([
      { id, question: 'Can I set quiet hours for alerts?', previous: null },
    ]);
    expect(await reads.turnsWithConfidence([id])).toEqual([
      { conversationId: id, seq: 1, kind: 'CUSTOMER', body: 'Can I set quiet hours for alerts?', confidence: 0.2 },
    ]);
  });

  it('a payload that matches no shape is an error naming its event, never a silent zero', async () => {
    const w = quietDay();
    const id = await conversation(w, 'Why is my dashboard empty?');
    const bad = await event(id, 'turn_decided', { ...oldDecision, escalate: 'yes' }, w.from);
    const corrupt = (detail: RegExp) =>
      expect.objectContaining({
        code: ErrorCode.DATA_CORRUPT,
        message: expect.stringMatching(new RegExp(`^conversation_events ${bad} \\(turn_decided\\) .*${detail.source}`)),
      });

    await expect(reads.eventsOf([id])).rejects.toEqual(corrupt(/escalate: .*boolean/));
    await expect(reads.replayedEvents([id])).rejects.toBeInstanceOf(AppError);
    // Before, these read `escalate` as SQL NULL and left the conversation out without a word.
    await expect(reads.uncoveredQuestions(w, 10)).rejects.toEqual(corrupt(/escalate/));
    await expect(reads.turnsWithConfidence([id])).rejects.toEqual(corrupt(/escalate/));

    const other = quietDay();
    const stepless = await conversation(other, 'hello?');
    const step = await event(
      stepless,
      'sla_step',
      { atPercent: 50, dueAt: other.to, firedAt: other.to, pool: [] },
      other.from,
    );
    await expect(reads.slaStepCounts(other)).rejects.toMatchObject({
      code: ErrorCode.DATA_CORRUPT,
      message: expect.stringMatching(new RegExp(`^conversation_events ${step} \\(sla_step\\) .*action`)),
    });
  });
});
