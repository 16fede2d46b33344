import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decideEscalation } from '../decide';
import type { EscalationPolicyDocument, Tier, TurnSignals } from '../escalation';
import { mergeTotals, toReport } from './counts';
import { replayConversation, totalsOf, type RecordedEvent } from './replay';
import { ESCALATION_TRIGGERS } from '../escalation';

const policy = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'data', 'demo', 'policy.json'), 'utf8'),
) as EscalationPolicyDocument;
const strict: EscalationPolicyDocument = {
  ...policy,
  confidenceThreshold: { FREE: 0.99, PRO: 0.99, ENTERPRISE: 0.99 },
};

const signals = (
  over: Partial<{ confidence: number; explicit: boolean; smallTalk: boolean; continues: boolean }> = {},
): TurnSignals => ({
  explicitRequest: { detected: over.explicit ?? false, evidence: over.explicit ? 'asks for a person' : null },
  category: { category: null, score: 0, evidence: null },
  frustration: { score: 0, signals: [], evidence: null },
  answer: { confidence: over.confidence ?? 0.8, articleId: 'kb-001', evidence: null },
  problem: { continuesPrevious: over.continues ?? false, smallTalk: over.smallTalk ?? false },
});

/**
 * Records a conversation the way the workflow does under `live`: a turn_decided per turn (with or without the
 * whole signals), and `escalated` when a turn escalates; then nothing more from the AI.
 */
function recorded(
  turns: TurnSignals[],
  opts: { tier?: Tier; withSignals?: boolean; live?: EscalationPolicyDocument; hour?: number } = {},
): RecordedEvent[] {
  const tier = opts.tier ?? 'PRO';
  const events: RecordedEvent[] = [];
  let counter = 0;
  turns.forEach((s, i) => {
    const at = new Date(Date.UTC(2026, 10, 27, opts.hour ?? 10, i)).toISOString();
    const d = decideEscalation(s, opts.live ?? policy, tier, counter);
    const data = {
      seq: i * 2 + 1,
      escalate: d.escalate,
      reason: d.reason,
      category: d.category,
      evaluations: d.evaluations,
      confidence: s.answer.confidence,
      frustration: s.frustration.score,
      continuesPrevious: s.problem.continuesPrevious,
      aiTurnsOnProblem: d.aiTurnsOnProblem,
      ...(opts.withSignals === false ? {} : { signals: s, tier }),
    };
    if (events.some((e) => e.kind === 'escalated')) return;
    events.push({ kind: 'turn_decided', data, at });
    if (d.escalate) events.push({ kind: 'escalated', data: { reason: d.reason! }, at });
    else counter = d.aiTurnsOnProblem;
  });
  return events;
}

const replay = (events: RecordedEvent[], candidate: EscalationPolicyDocument, tier: string | null = 'PRO') =>
  replayConversation({ id: 'c', tier, events }, candidate);

describe('replaying recorded turn decisions under a candidate policy', () => {
  it('the same policy reproduces what happened, with and without recorded signals', () => {
    const cases = [
      [signals({ confidence: 0.8 }), signals({ confidence: 0.7, continues: true })],
      [signals({ confidence: 0.8 }), signals({ explicit: true })],
      [signals({ confidence: 0.3 })],
      [
        signals({ smallTalk: true, confidence: 0.1 }),
        signals({ confidence: 0.9 }),
        signals({ continues: true }),
        signals({ continues: true }),
        signals({ continues: true }),
      ],
    ];
    for (const turns of cases) {
      for (const withSignals of [true, false]) {
        const o = replay(recorded(turns, { withSignals }), policy);
        expect(o.after?.trigger ?? null).toBe(o.before?.trigger ?? null);
      }
    }
  });

  it('thresholds of 0.99 escalate every AI-alone conversation with an answer under 0.99, never small talk', () => {
    const alone = replay(recorded([signals({ confidence: 0.995 }), signals({ confidence: 0.8 })]), strict);
    expect(alone).toMatchObject({ before: null, after: { trigger: 'LOW_CONFIDENCE' }, turns: 2 });
    expect(alone.after!.at).toBe(new Date(Date.UTC(2026, 10, 27, 10, 1)).toISOString()); // the second turn
    expect(replay(recorded([signals({ smallTalk: true, confidence: 0.1 })]), strict)).toMatchObject({
      before: null,
      after: null,
    });
    expect(
      replay(recorded([signals({ smallTalk: true, confidence: 0.1 })], { withSignals: false }), strict),
    ).toMatchObject({ after: null });
    expect(replay(recorded([signals({ confidence: 0.995 })]), strict)).toMatchObject({ before: null, after: null });
  });

  it('an explicit request stays; a candidate that ignores it keeps the conversation with the AI (removed)', () => {
    const events = recorded([signals({ explicit: true })]);
    expect(replay(events, strict)).toMatchObject({
      before: { trigger: 'EXPLICIT_REQUEST' },
      after: { trigger: 'EXPLICIT_REQUEST' },
    });
    const lenient = { ...policy, explicitHumanRequest: { escalateImmediately: false } };
    expect(replay(events, lenient)).toMatchObject({ before: { trigger: 'EXPLICIT_REQUEST' }, after: null });
  });

  it('an escalation no turn caused (the button, AI_UNAVAILABLE) stays unless a turn escalates first', () => {
    const events: RecordedEvent[] = [
      ...recorded([signals({ confidence: 0.8 })]),
      { kind: 'escalated', data: { reason: 'AI_UNAVAILABLE' }, at: '2026-11-27T11:00:00.000Z' },
    ];
    expect(replay(events, policy)).toMatchObject({
      before: { trigger: 'AI_UNAVAILABLE' },
      after: { trigger: 'AI_UNAVAILABLE' },
    });
    expect(replay(events, strict)).toMatchObject({
      before: { trigger: 'AI_UNAVAILABLE' },
      after: { trigger: 'LOW_CONFIDENCE' },
    });
  });

  it('recomputes the patience counter turn by turn, and starts it again when the conversation reopens to the AI', () => {
    const turns = [signals(), signals({ continues: true }), signals({ continues: true })];
    const patient = { ...policy, patience: { maxAiTurnsWithoutResolution: { FREE: 9, PRO: 9, ENTERPRISE: 9 } } };
    const events = recorded(turns, { live: patient });
    expect(replay(events, patient).after).toBeNull();
    const impatient = { ...policy, patience: { maxAiTurnsWithoutResolution: { FREE: 1, PRO: 1, ENTERPRISE: 1 } } };
    expect(replay(events, impatient).after).toMatchObject({ trigger: 'PATIENCE', at: events[1].at });
    const reopened: RecordedEvent[] = [
      events[0],
      { kind: 'reopened', data: { to: 'AI' }, at: events[0].at },
      ...events.slice(1),
    ];
    expect(replay(reopened, impatient).after).toMatchObject({ trigger: 'PATIENCE', at: events[2].at });
  });

  it('counts added, removed and load by tier and hour', () => {
    const outcomes = [
      replay(recorded([signals({ confidence: 0.8 })], { hour: 9 }), strict, 'FREE'),
      replay(
        recorded([signals({ explicit: true })], { hour: 14 }),
        { ...strict, explicitHumanRequest: { escalateImmediately: false } },
        'ENTERPRISE',
      ),
      replay(recorded([signals({ confidence: 0.995 })]), strict, 'PRO'),
    ];
    const report = toReport(
      mergeTotals(totalsOf(outcomes.slice(0, 1)), totalsOf(outcomes.slice(1))),
      ESCALATION_TRIGGERS,
    );
    expect(report).toMatchObject({
      conversations: 3,
      turns: 3,
      escalationsBefore: 1,
      escalationsAfter: 2,
      added: 1,
      removed: 0,
      retriggered: 1,
      autoAssigned: 0,
    });
    expect(report.byTrigger.find((t) => t.trigger === 'LOW_CONFIDENCE')).toEqual({
      trigger: 'LOW_CONFIDENCE',
      before: 0,
      after: 2,
    });
    expect(report.byTrigger.find((t) => t.trigger === 'EXPLICIT_REQUEST')).toEqual({
      trigger: 'EXPLICIT_REQUEST',
      before: 1,
      after: 0,
    });
    expect(report.loadByTierHour).toEqual([
      { tier: 'FREE', hour: 9, before: 0, after: 1 },
      { tier: 'ENTERPRISE', hour: 14, before: 1, after: 1 },
    ]);
  });

  it('counts the escalations auto-assignment would hand to agents when the candidate turns it on, none when off', () => {
    const assigning = { ...strict, autoAssign: { enabled: true } };
    const conversations = [
      recorded([signals({ confidence: 0.8 })], { hour: 9 }),
      recorded([signals({ explicit: true })], { hour: 14 }),
      recorded([signals({ confidence: 0.995 })]),
    ];
    const on = toReport(totalsOf(conversations.map((c) => replay(c, assigning, 'PRO'))), ESCALATION_TRIGGERS);
    expect(on).toMatchObject({ escalationsAfter: 2, autoAssigned: 2 });
    const off = { ...strict, autoAssign: { enabled: false } };
    expect(toReport(totalsOf(conversations.map((c) => replay(c, off, 'PRO'))), ESCALATION_TRIGGERS)).toMatchObject({
      escalationsAfter: 2,
      autoAssigned: 0,
    });
    // Totals a running backtest kept from before the count existed still add up.
    const { autoAssigned: _dropped, ...older } = totalsOf(
      conversations.slice(0, 1).map((c) => replay(c, assigning, 'PRO')),
    );
    expect(mergeTotals(older as never, totalsOf([])).autoAssigned).toBe(0);
  });
});
