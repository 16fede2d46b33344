import type { AgentNotification, ReviewDigest } from '../../src/integrations/notification';
import { swallowedErrors } from '../../src/observability/metrics';
import type { Insights } from '../../src/services/insights.service';
import { ErrorCode } from '../../src/errors';
import { activityEnv, counterValue } from '../../test/support/activity-env';
import { createDigestActivities } from './digest.activities';
import type { DataSource } from 'typeorm';
import { decodeEvent, EVENTS_CHANNEL } from '../../src/events/channel';
import { createNotifyActivities, InAppSink, type NotificationSink } from './notify.activities';

/** A sink with no place for team reports (deliverDigest left out), like a pager. */
const pager = (): NotificationSink => ({ name: 'pager', deliver: async () => undefined });

/** A sink that keeps what it delivered by dedupe key, as the real ones do: a retried delivery lands once. */
class KeyedSink implements NotificationSink {
  readonly notifications = new Map<string, AgentNotification>();
  readonly digests = new Map<string, ReviewDigest>();
  failures = 0;
  constructor(readonly name: string) {}
  async deliver(n: AgentNotification) {
    if (this.failures > 0 && this.failures--) throw new Error(`${this.name} is down`);
    if (!this.notifications.has(n.dedupeKey)) this.notifications.set(n.dedupeKey, n);
  }
  async deliverDigest(d: ReviewDigest) {
    if (this.failures > 0 && this.failures--) throw new Error(`${this.name} is down`);
    if (!this.digests.has(d.dedupeKey)) this.digests.set(d.dedupeKey, d);
  }
}

const warn: AgentNotification = {
  conversationId: 'c-1',
  kind: 'WARN',
  audience: ['TIER1'],
  message: 'Ada Lovelace has waited 4 minutes',
  dedupeKey: 'sla-c-1-1-WARN',
  tier: 'ENTERPRISE',
};

describe('notifyAgents', () => {
  it('delivers to every sink; a retried attempt is stored once by each', async () => {
    const inApp = new KeyedSink('in_app');
    const slack = new KeyedSink('slack');
    const { notifyAgents } = createNotifyActivities([inApp, slack]);
    const env = activityEnv();
    expect(await env.run(notifyAgents, warn)).toEqual({ delivered: ['in_app', 'slack'], failed: [] });
    await env.run(notifyAgents, warn);
    expect([...inApp.notifications.values()]).toEqual([warn]);
    expect([...slack.notifications.values()]).toEqual([warn]);
  });

  it('lets one failing sink neither block the others nor fail the conversation: it is logged and counted', async () => {
    const inApp = new KeyedSink('in_app');
    const slack = new KeyedSink('slack');
    slack.failures = 1;
    const { notifyAgents } = createNotifyActivities([inApp, slack]);
    const env = activityEnv();
    const before = await counterValue(swallowedErrors, { where: 'notify_agents.slack' });
    expect(await env.run(notifyAgents, warn)).toEqual({ delivered: ['in_app'], failed: ['slack'] });
    expect(inApp.notifications.size).toBe(1);
    expect(await counterValue(swallowedErrors, { where: 'notify_agents.slack' })).toBe(before + 1);
    expect(env.logged).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        meta: expect.objectContaining({
          sink: 'slack',
          conversationId: 'c-1',
          kind: 'WARN',
          error: 'Error: slack is down',
        }),
      }),
    );
  });
});

describe('the in-app sink', () => {
  /**
   * agent_notifications with its unique dedupe_key, in memory: the INSERT returns a row only the first time (what
   * ON CONFLICT DO NOTHING RETURNING answers); every statement is recorded with the transaction it ran in.
   */
  function inMemory() {
    const keys = new Set<string>();
    const statements: Array<{ tx: number; sql: string; params: unknown[] }> = [];
    let tx = 0;
    const query = async (sql: string, params: unknown[] = []) => {
      statements.push({ tx, sql, params });
      if (!sql.trim().startsWith('INSERT INTO agent_notifications')) return [];
      const key = String(params[4]);
      if (keys.has(key)) return [];
      keys.add(key);
      return [{ id: keys.size }];
    };
    const ds = {
      query,
      transaction: (async (run: (m: { query: typeof query }) => Promise<unknown>) => {
        tx++;
        try {
          return await run({ query });
        } finally {
          tx = 0;
        }
      }) as unknown as DataSource['transaction'],
    } as Pick<DataSource, 'query' | 'transaction'>;
    return { ds, statements };
  }

  it('tells the queues only when its row is new (a retry under the same key publishes nothing), in the transaction that writes the row', async () => {
    const { ds, statements } = inMemory();
    const sink = new InAppSink(ds);
    await sink.deliver(warn);
    await sink.deliver(warn); // a retried attempt
    const notifies = statements.filter((q) => q.sql.includes('pg_notify'));
    expect(statements.filter((q) => q.sql.includes('INSERT INTO agent_notifications'))).toHaveLength(2);
    // The queues hear of the step, and the agents of their new notification: once, for the first attempt only.
    expect(notifies).toHaveLength(2);
    for (const n of notifies) {
      expect(n.tx).toBe(1); // with its row: no event without the row
      expect(n.params[0]).toBe(EVENTS_CHANNEL);
    }
    expect(notifies.map((n) => decodeEvent(String(n.params[1])))).toEqual([
      { kind: 'queue', conversationId: 'c-1', change: 'WARN' },
      { kind: 'notification', notificationId: '1' },
    ]);
  });
});

const insights: Insights = {
  from: new Date('2026-03-02T00:00:00Z'),
  to: new Date('2026-03-09T00:00:00Z'),
  kbGaps: [{ label: 'scim token rotation', count: 3, exampleIds: ['c-7', 'c-5', 'c-2'] }],
  recurringErrors: [],
  hotRoutes: [],
  accountsAtRisk: [{ customerId: 'cus-01', reasons: ['3 escalations'] }],
};

function digestSetup(sinks: NotificationSink[]) {
  const asked: Array<{ from: string; to: string; top: number | undefined }> = [];
  const customersAsked: string[][] = [];
  const { sendReviewDigest } = createDigestActivities({
    insights: {
      insights: async (from, to, top) => {
        asked.push({ from: from.toISOString(), to: to.toISOString(), top });
        return insights;
      },
    },
    customers: {
      byIds: async (ids) => {
        customersAsked.push(ids);
        return [{ id: 'cus-01', name: 'Ada Lovelace', company: 'Analytical Engines' }];
      },
    },
    sinks,
  });
  return { sendReviewDigest, asked, customersAsked, env: activityEnv() };
}

const week = { from: '2026-03-02T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z', digestId: 'weekly-digest-2026-03-09' };

describe('sendReviewDigest', () => {
  it('builds the week’s digest and sends it to the sinks that take digests, keyed on the run', async () => {
    const inApp = new KeyedSink('in_app');
    const { sendReviewDigest, asked, customersAsked, env } = digestSetup([inApp, pager()]);
    expect(await env.run(sendReviewDigest, week)).toEqual({
      delivered: ['in_app'],
      kbGaps: 1,
      recurringErrors: 0,
      accountsAtRisk: 1,
    });
    expect(asked).toEqual([{ from: week.from, to: week.to, top: 5 }]);
    expect(customersAsked).toEqual([['cus-01']]);
    const digest = inApp.digests.get('weekly-digest-2026-03-09')!;
    expect(digest.title).toBe('Weekly support review, 2026-03-02 to 2026-03-09 (UTC)');
    expect(digest.sections.find((s) => s.heading === 'Accounts at risk')!.lines).toEqual([
      'Ada Lovelace (Analytical Engines) [cus-01]: 3 escalations',
    ]);
  });

  it('fails retryably (UNAVAILABLE) when a sink fails; the retry lands once where it had already landed', async () => {
    const inApp = new KeyedSink('in_app');
    const slack = new KeyedSink('slack');
    slack.failures = 1;
    const { sendReviewDigest, env } = digestSetup([inApp, slack]);
    const err = await env.failure(sendReviewDigest, week);
    expect(err).toMatchObject({
      code: ErrorCode.UNAVAILABLE,
      message: 'review digest not delivered: slack: Error: slack is down',
    });
    expect(await env.run(sendReviewDigest, week)).toMatchObject({ delivered: ['in_app', 'slack'] });
    expect([...inApp.digests.keys()]).toEqual(['weekly-digest-2026-03-09']);
    expect([...slack.digests.keys()]).toEqual(['weekly-digest-2026-03-09']);
  });

  it('with no sink that takes digests builds it, logs it, and delivers nowhere', async () => {
    const { sendReviewDigest, env } = digestSetup([pager()]);
    expect(await env.run(sendReviewDigest, week)).toMatchObject({ delivered: [] });
    expect(env.logged.map((l) => l.message)).toContain('review digest built; no sink takes digests');
  });
});
