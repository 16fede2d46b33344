import { readFileSync } from 'node:fs';
import path from 'node:path';
import { emptyTotals, toReport } from '../../../domain/backtest/counts';
import { ESCALATION_TRIGGERS } from '../../../domain/escalation';
import { ErrorCode } from '../../errors';
import { storedAiMeta, storedConversation } from './conversation-json';
import { storedBacktestReport, storedDigestSections, storedPolicyDocument, storedReplayReport } from './report-json';

/** JSONB columns read back through their schemas: every shape ever written reads; anything else names its row. */
const id = '6f1c0c52-2f2a-4c0e-9a51-5e2b8f0f7a11';
const corrupt = (where: string) =>
  expect.objectContaining({ code: ErrorCode.DATA_CORRUPT, message: expect.stringContaining(`${where} matches no`) });
const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
};

const escalation = {
  reason: 'CATEGORY',
  category: 'billing_dispute',
  triggers: [{ kind: 'CATEGORY', fired: true, score: 0.9, threshold: null, evidence: 'a duplicate charge' }],
  confidence: 0.4,
  sentiment: -0.2,
  policyVersion: 3,
  at: '2026-11-27T06:08:19.000Z',
};

describe('conversation JSON columns', () => {
  it('reads the escalation, the SLA cycle (with and without a transfer restriction) and the page context', () => {
    expect(storedConversation.escalation(id, escalation)).toEqual(escalation);
    const sla = {
      cycle: 1,
      startedAt: 1795759699000,
      deadline: 1795760599000,
      steps: [{ action: 'WARN', atPercent: 75, dueAt: 1795760374000, firedAt: null }],
      pool: ['TIER1'],
    };
    expect(storedConversation.sla(id, sla)).toEqual(sla);
    expect(storedConversation.sla(id, { ...sla, restrictTo: 'TIER2', pool: ['TIER2'] })).toMatchObject({
      restrictTo: 'TIER2',
    });
    expect(storedConversation.pageContext(id, { route: '/dashboards/2210', title: 'Revenue' })).toEqual({
      route: '/dashboards/2210',
      title: 'Revenue',
    });
    expect(storedConversation.pageContext(id, {})).toEqual({});
    expect(storedConversation.escalation(id, null)).toBeNull();
  });

  it('reads a handoff built before summaryBy and the CRM and billing context (an old row), and today’s', () => {
    const old = {
      goal: 'Export a dashboard to PowerPoint.',
      summary: 'Ada wrote 1 message. The AI did not answer.',
      aiAttempts: [],
      whyStopped: 'the knowledge base does not answer it with enough confidence.',
      pageContext: { route: '/dashboards/940' },
      account: {
        customerId: 'cus-02',
        name: 'Ada',
        company: 'Lumen',
        tier: 'PRO',
        plan: 'Growth',
        seats: 12,
        mrrUsd: 480,
        previousConversations: [],
      },
      flags: [],
      builtAt: '2026-11-27T06:08:20.000Z',
    };
    expect(storedConversation.handoff(id, old)).toEqual({ ...old, summaryBy: 'assembled' });
    const today = {
      ...old,
      summaryBy: 'model',
      account: { ...old.account, crm: { provider: 'builtin', available: true }, billing: { available: false } },
    };
    expect(storedConversation.handoff(id, today)).toEqual(today);
  });

  it('reads a context from before the CRM deals and the billing provider, and one with Stripe data', () => {
    const old = {
      page: { route: '/alerts' },
      customer: { id: 'cus-01', name: 'Ada', company: null, tier: 'FREE', plan: null, seats: 1, mrrUsd: 0 },
      crm: { provider: 'builtin', available: true, notes: null },
      billing: { available: false },
      previousConversations: [{ id, status: 'CLOSED', createdAt: '2026-11-20T10:00:00.000Z', firstMessage: 'hi' }],
      gatheredAt: '2026-11-27T06:08:19.000Z',
    };
    expect(storedConversation.context(id, old)).toEqual(old);
    const billing = {
      available: true,
      customerId: 'cus_Q1',
      delinquent: true,
      failedPayments: [
        {
          chargeId: 'ch_1',
          amount: 4900,
          currency: 'usd',
          created: '2026-11-26T00:00:00.000Z',
          failureCode: 'card_declined',
          failureMessage: null,
        },
      ],
    };
    expect(storedConversation.context(id, { ...old, billing })).toMatchObject({ billing });
  });

  it('a value that matches no shape is DATA_CORRUPT naming the table, row and column', () => {
    expect(thrown(() => storedConversation.escalation(id, { ...escalation, reason: 'BORED' }))).toEqual(
      corrupt(`conversations ${id}.escalation`),
    );
    expect(thrown(() => storedConversation.sla(id, { cycle: 1 }))).toEqual(corrupt(`conversations ${id}.sla`));
    expect(thrown(() => storedAiMeta('m-1', { confidence: 'high', sources: [] }))).toEqual(corrupt('messages m-1.ai'));
  });
});

describe('reports and documents', () => {
  it('reads what their writers store', () => {
    const report = toReport(emptyTotals(), ESCALATION_TRIGGERS);
    expect(storedBacktestReport('b-1', report)).toEqual(report);
    const replay = { total: 3, wouldAnswer: 1, conversations: [{ id, confidence: 0.8 }] };
    expect(storedReplayReport('s-1', replay)).toEqual(replay);
    const sections = [{ heading: 'Knowledge-base gaps', lines: ['PowerPoint export (4 conversations)'] }];
    expect(storedDigestSections('7', sections)).toEqual(sections);
    const policy = JSON.parse(
      readFileSync(path.join(__dirname, '..', '..', '..', 'data', 'demo', 'policy.json'), 'utf8'),
    );
    expect(storedPolicyDocument(1, policy)).toBe(policy);
  });

  it('names the row of a report or document that matches no shape', () => {
    expect(thrown(() => storedBacktestReport('b-2', { conversations: 'many' }))).toEqual(
      corrupt('backtests b-2.report'),
    );
    expect(thrown(() => storedPolicyDocument(4, { tiers: ['GOLD'] }))).toEqual(
      corrupt('escalation_policies 4.document'),
    );
  });
});
