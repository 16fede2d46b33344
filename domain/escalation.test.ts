import { readFileSync } from 'node:fs';
import path from 'node:path';
import { addBusinessTime, isOpen, type BusinessHours } from './business-hours';
import { decideEscalation } from './decide';
import type { EscalationPolicyDocument, TurnSignals } from './escalation';
import { policyProblems } from './policy/document';
import { agentEligible, initialPool, poolAfter, slaPlan } from './policy/sla';

const policy = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'data', 'demo', 'policy.json'), 'utf8'),
) as EscalationPolicyDocument;
const quiet: TurnSignals = {
  explicitRequest: { detected: false, evidence: null },
  category: { category: null, score: 0, evidence: null },
  frustration: { score: 0, signals: [], evidence: null },
  answer: { confidence: 0.9, articleId: 'kb-001', evidence: 'covered' },
  problem: { continuesPrevious: false, smallTalk: false },
};

describe('the escalation decision (pure, replayed inside the workflow)', () => {
  it('stays with the AI when nothing fires', () => {
    expect(decideEscalation(quiet, policy, 'PRO', 0)).toMatchObject({
      escalate: false,
      reason: null,
      aiTurnsOnProblem: 1,
    });
  });

  it('takes the first trigger in the policy precedence and records every evaluation', () => {
    const s: TurnSignals = {
      ...quiet,
      category: { category: 'billing_dispute', score: 0.9, evidence: 'claims a duplicate charge' },
      frustration: { score: 0.8, signals: ['EXPLICIT_ANGER_OR_PROFANITY'], evidence: 'furious' },
      answer: { confidence: 0.2, articleId: null, evidence: 'nothing covers it' },
    };
    const d = decideEscalation(s, policy, 'FREE', 0);
    expect(d).toMatchObject({ escalate: true, reason: 'CATEGORY', category: 'billing_dispute' });
    expect(d.evaluations.filter((e) => e.fired).map((e) => e.kind)).toEqual([
      'CATEGORY',
      'FRUSTRATION',
      'LOW_CONFIDENCE',
    ]);
    const reordered = {
      ...policy,
      triggerPrecedence: ['FRUSTRATION', 'CATEGORY', 'EXPLICIT_REQUEST', 'LOW_CONFIDENCE', 'PATIENCE'],
    } as EscalationPolicyDocument;
    expect(decideEscalation(s, reordered, 'FREE', 0).reason).toBe('FRUSTRATION');
  });

  it('uses the tier threshold for confidence and never calls small talk low-confidence', () => {
    const s = { ...quiet, answer: { confidence: 0.55, articleId: 'kb-001', evidence: '' } };
    expect(decideEscalation(s, policy, 'PRO', 0).escalate).toBe(false); // 0.5
    expect(decideEscalation(s, policy, 'ENTERPRISE', 0).reason).toBe('LOW_CONFIDENCE'); // 0.6
    const thanks = {
      ...s,
      answer: { confidence: 0, articleId: null, evidence: '' },
      problem: { continuesPrevious: false, smallTalk: true },
    };
    expect(decideEscalation(thanks, policy, 'ENTERPRISE', 1)).toMatchObject({ escalate: false, aiTurnsOnProblem: 1 });
  });

  it('counts AI answers on one problem: escalates at answer P+1, a new question starts over', () => {
    const cont = { ...quiet, problem: { continuesPrevious: true, smallTalk: false } };
    expect(decideEscalation(cont, policy, 'ENTERPRISE', 1)).toMatchObject({ escalate: false, aiTurnsOnProblem: 2 });
    expect(decideEscalation(cont, policy, 'ENTERPRISE', 2)).toMatchObject({
      escalate: true,
      reason: 'PATIENCE',
      aiTurnsOnProblem: 3,
    });
    expect(decideEscalation(quiet, policy, 'ENTERPRISE', 2)).toMatchObject({ escalate: false, aiTurnsOnProblem: 1 });
  });
});

describe('policy documents', () => {
  it('accepts the default and reports every problem of a bad one', () => {
    expect(policyProblems(policy)).toEqual([]);
    const bad = {
      ...policy,
      confidenceThreshold: { FREE: -0.1, PRO: 0.5, ENTERPRISE: 0.6, PLATINUM: 0.9 },
      sla: {
        ...policy.sla,
        timeToClaimSeconds: { FREE: 10, PRO: -5, ENTERPRISE: 1 },
        ladder: [{ atPercent: 75, action: 'SMS_EVERYONE' }],
      },
      triggerPrecedence: ['EXPLICIT_REQUEST', 'VIBES'],
    };
    const problems = policyProblems(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        'confidenceThreshold names an unknown tier "PLATINUM"',
        'confidenceThreshold.FREE must be between 0 and 1',
        'sla.timeToClaimSeconds.PRO must not be negative',
        expect.stringContaining('SMS_EVERYONE'),
        'triggerPrecedence names an unknown trigger "VIBES"',
      ]),
    );
    expect(
      policyProblems({
        ...policy,
        businessHours: { timezone: 'Mars/Olympus', days: [0, 8], start: '9am', end: '17:00' },
      }),
    ).toHaveLength(3);
  });

  it('plans the ladder from the tier target: 75%, 100%, 150%', () => {
    const plan = slaPlan(policy, 'ENTERPRISE', 0);
    expect(plan.deadline).toBe(900_000);
    expect(plan.steps.map((s) => [s.action, s.dueAt])).toEqual([
      ['WARN', 675_000],
      ['WIDEN_TO_TIER2', 900_000],
      ['PAGE_LEAD_ONCALL', 1_350_000],
    ]);
  });

  it('widens the pool step by step; on-call agents join when paged', () => {
    expect(poolAfter([])).toEqual(['TIER1']);
    expect(poolAfter(['WARN', 'WIDEN_TO_TIER2'])).toEqual(['TIER1', 'TIER2']);
    expect(poolAfter(['WARN', 'WIDEN_TO_TIER2', 'PAGE_LEAD_ONCALL'])).toEqual(['TIER1', 'TIER2', 'LEAD', 'ONCALL']);
    expect(agentEligible(['TIER1'], { tier: 'TIER2', onCall: true })).toBe(false);
    expect(agentEligible(['TIER1', 'ONCALL'], { tier: 'TIER2', onCall: true })).toBe(true);
  });
});

describe('business hours', () => {
  const berlin: BusinessHours = { timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
  const at = (iso: string) => Date.parse(iso);

  it('runs the clock only while open', () => {
    expect(isOpen(at('2026-11-27T09:00:00Z'), berlin)).toBe(true); // Friday 10:00 in Berlin
    expect(isOpen(at('2026-11-28T10:00:00Z'), berlin)).toBe(false); // Saturday
    // Friday 15:30 Berlin + 4 h of business time = Monday 11:30 Berlin.
    expect(new Date(addBusinessTime(at('2026-11-27T14:30:00Z'), 4 * 3600_000, berlin)).toISOString()).toBe(
      '2026-11-30T10:30:00.000Z',
    );
    // Saturday night: the clock starts Monday 09:00.
    expect(new Date(addBusinessTime(at('2026-11-28T22:00:00Z'), 15 * 60_000, berlin)).toISOString()).toBe(
      '2026-11-30T08:15:00.000Z',
    );
    expect(addBusinessTime(1000, 5000, undefined)).toBe(6000);
  });

  it('after hours the on-call agents are the pool', () => {
    const p = { ...policy, businessHours: berlin };
    expect(initialPool(p, at('2026-11-28T22:00:00Z'))).toEqual(['ONCALL']);
    expect(initialPool(p, at('2026-11-27T09:00:00Z'))).toEqual(['TIER1']);
    expect(initialPool(policy, at('2026-11-28T22:00:00Z'))).toEqual(['TIER1']);
  });
});
