import { readFileSync } from 'node:fs';
import path from 'node:path';
import { replayConversation, type RecordedEvent } from './backtest/replay';
import { decideEscalation } from './decide';
import type { EscalationPolicyDocument, TurnSignals } from './escalation';
import type { ConversationEvent, ConversationEventData, ConversationEventKind, TurnDecidedV3 } from './events';
import { CONVERSATION_EVENT_KINDS, parseEventData } from './events.schema';

const policy = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'data', 'demo', 'policy.json'), 'utf8'),
) as EscalationPolicyDocument;

const signals: TurnSignals = {
  explicitRequest: { detected: false, evidence: null },
  category: { category: null, score: 0, evidence: null },
  frustration: { score: 0.2, signals: [], evidence: null },
  answer: { confidence: 0.3, articleId: 'kb-007', evidence: 'the article covers part of it' },
  problem: { continuesPrevious: false, smallTalk: false },
};
const decision = decideEscalation(signals, policy, 'PRO', 0); // LOW_CONFIDENCE: 0.3 is under PRO's 0.5
const deadline = '2026-12-05T10:15:00.000Z';

/** A decision as the workflow records it today (workflows/conversation/ai-turn.ts). */
const turnDecided: TurnDecidedV3 = {
  seq: 3,
  policyVersion: 2,
  escalate: decision.escalate,
  reason: decision.reason,
  category: decision.category,
  evaluations: decision.evaluations,
  confidence: signals.answer.confidence,
  frustration: signals.frustration.score,
  continuesPrevious: signals.problem.continuesPrevious,
  aiTurnsOnProblem: decision.aiTurnsOnProblem,
  usage: null,
  signals,
  tier: 'PRO',
};

/** Typed as the workflow's `record` is: what is written is JSON (absent fields are dropped, as Temporal does). */
const written: ConversationEvent[] = [];
async function record<K extends ConversationEventKind>(kind: K, data: ConversationEventData<K>, _dedupeKey: string) {
  written.push({ kind, data: JSON.parse(JSON.stringify(data)) } as ConversationEvent);
}

/** Every call that writes an event today, with the values it passes (workflows/conversation, the store, the API). */
async function recordEverything() {
  const queued = { cycle: 1, deadline };
  await record('conversation_started', { channel: 'web', pageContext: { route: '/dashboards/2210' } }, 'started');
  await record('conversation_started', { channel: 'api', pageContext: {} }, 'started-empty-page');
  await record('context_gathered', { crm: true, billing: false, previousConversations: 2 }, 'context');
  await record('context_gathered', { crm: true, billing: true, previousConversations: 0, prefetched: true }, 'ctx-pre');
  await record('turn_decided', turnDecided, 'decision-1');
  await record('turn_decided', { ...turnDecided, usage: { inputTokens: 812, outputTokens: 96, model: 'gpt-x' } }, 'd2');
  await record(
    'escalated',
    { reason: 'LOW_CONFIDENCE', category: null, policyVersion: 2, triggers: decision.evaluations, ...queued },
    'escalated-1',
  );
  await record('claimed', { agentId: 'agt-1', cycle: 1 }, 'claimed-1-agt-1');
  await record('released', { agentId: 'agt-1', reason: 'end of shift', ...queued }, 'released-2');
  await record('transferred', { from: 'agt-1', toAgentId: 'agt-2', reason: 'knows Salesforce' }, 'transfer');
  await record('transferred', { from: 'agt-1', toTier: 'TIER2', reason: 'needs tier 2', ...queued }, 'transferred-3');
  await record('claim_lease_expired', { agentId: 'agt-2', ...queued }, 'claim_lease_expired-4');
  await record('claim_lease_expired', { agentId: undefined, ...queued }, 'claim_lease_expired-5');
  await record('reopened', { seq: 9, to: 'AI' }, 'reopened-ai-m9');
  await record('reopened', { seq: 11, preferredAgent: 'agt-1', ...queued }, 'reopened-6');
  await record('reopened', { seq: 13, preferredAgent: null, ...queued }, 'reopened-7');
  await record('resolved', { by: 'AI', reason: 'the customer confirmed it is solved' }, 'resolved-ai-2');
  await record(
    'resolved',
    { by: 'AGENT', agentId: 'agt-1', summary: 'Re-authorised Salesforce', category: null, kbWorthy: true },
    'resolved-3',
  );
  await record('conversation_closed', { by: 'customer', actorId: 'cus-01', reason: null }, 'closed');
  await record('conversation_closed', { by: 'system', reason: 'reopen window elapsed' }, 'closed-system');
  await record('policy_applied', { policyVersion: 3, deadline }, 'policy-3-1');
  await record(
    'sla_step',
    { action: 'WIDEN_TO_TIER2', atPercent: 50, dueAt: deadline, firedAt: deadline, pool: ['TIER1', 'TIER2'] },
    'sla-1-WIDEN_TO_TIER2',
  );
  const action = { actionId: 'act-1', kind: 'REFUND' as const, amountCents: 4900, currency: 'usd', by: 'agt-1' };
  await record('billing_action_proposed', action, 'billing-proposed-act-1');
  await record('billing_action_executed', { actionId: 'act-1', stripeId: 're_123', approvedBy: 'agt-2' }, 'exec');
  await record('billing_action_failed', { actionId: 'act-2', by: 'agt-2' }, 'billing-failed-act-2');
  await record('billing_action_rejected', { actionId: 'act-3', by: 'agt-2', reason: 'not eligible' }, 'rejected');
  await record('billing_event', { eventId: 'evt_1', type: 'invoice.payment_failed', priority: 1 }, 'stripe-evt_1');
  await record('csat_rated', { score: 4, escalated: true }, 'csat');
  await record('internal_note_added', { noteId: '0b6f0d5e-1f7e-4c36-9d7e-3f1b1f1e2a3c', authorId: 'agt-1' }, 'note-n1');
  await record('taken_over', { by: 'agt-7', from: 'agt-1' }, 'taken-over-1');
  await record('taken_over', { by: 'agt-7', from: null }, 'taken-over-2');
  await record('reassigned', { by: 'admin-1', from: 'agt-7', toAgentId: 'agt-3' }, 'reassigned-1');
  await record('owner_changed', { from: 'vis-2f1c', to: 'cus-42' }, 'owner-cus-42');
}

describe('conversation event payloads', () => {
  beforeAll(recordEverything);

  it('every kind accepts what is written today, unchanged', () => {
    expect(new Set(written.map((e) => e.kind))).toEqual(new Set(CONVERSATION_EVENT_KINDS));
    for (const e of written) {
      const r = parseEventData(e.kind, e.data);
      expect({ kind: e.kind, ...r }).toEqual({ kind: e.kind, ok: true, data: e.data });
    }
  });

  it('reads the older turn_decided shapes: before token usage, and before the signals were recorded whole', () => {
    // As written from the first escalation release on (no usage, signals or tier) and after the LLM provider.
    const { usage: _usage, signals: _signals, tier: _tier, ...v1 } = turnDecided;
    const v2 = { ...v1, usage: { inputTokens: 640, outputTokens: 80, model: 'gpt-x' } };
    for (const old of [v1, v2]) expect(parseEventData('turn_decided', old)).toEqual({ ok: true, data: old });
    // The backtest replays an old row as it does today's: rebuilt from its evaluations, to the same decision.
    const at = deadline;
    const replay = (data: RecordedEvent['data']) =>
      replayConversation(
        { id: 'c', tier: 'PRO', events: [{ kind: 'turn_decided', data, at } as RecordedEvent] },
        policy,
      );
    const parsed = parseEventData('turn_decided', v1);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(replay(parsed.data).after).toEqual(replay(turnDecided).after);
    expect(replay(parsed.data).after).toMatchObject({ trigger: 'LOW_CONFIDENCE' });
  });

  it('a payload that matches no shape says what is wrong, with the field', () => {
    expect(parseEventData('turn_decided', { ...turnDecided, escalate: 'yes' })).toEqual({
      ok: false,
      problem: expect.stringMatching(/^escalate: .*boolean/),
    });
    expect(parseEventData('claimed', { agent: 'agt-1', cycle: 1 })).toEqual({
      ok: false,
      problem: expect.stringMatching(/^agentId: /),
    });
    expect(parseEventData('sla_step', null)).toMatchObject({ ok: false });
    expect(parseEventData('teleported', {})).toEqual({ ok: false, problem: 'unknown event kind "teleported"' });
  });

  it('a newer row with broken signals does not pass for an older shape', () => {
    const broken = { ...turnDecided, signals: { ...signals, answer: { confidence: 'high' } } };
    expect(parseEventData('turn_decided', broken)).toEqual({
      ok: false,
      problem: expect.stringMatching(/^signals\.answer\./),
    });
  });

  it('record() is typed per kind: a misnamed or mistyped field does not compile', () => {
    const typeErrors = () => {
      // @ts-expect-error `reason` is required when the AI resolves
      void record('resolved', { by: 'AI' }, 'k');
      // @ts-expect-error agentId is a string
      void record('claimed', { agentId: 7, cycle: 1 }, 'k');
      // @ts-expect-error a queue entry carries its cycle and deadline
      void record('released', { agentId: 'agt-1', reason: 'r' }, 'k');
      // @ts-expect-error no such kind
      void record('teleported', {}, 'k');
    };
    expect(typeof typeErrors).toBe('function');
  });
});
