import { AppError, ErrorCode } from '../../src/errors';
import { createPolicyRolloutActivities, type PolicyRolloutDeps } from './policy-rollout.activities';

function fakes(outcome: () => Promise<'signalled' | 'ended'>) {
  const queries: Array<{ sql: string; params: unknown[] }> = [];
  const signals: Array<{ conversationId: string; version: number }> = [];
  const activities = createPolicyRolloutActivities({
    ds: {
      query: (async (sql: string, params: unknown[]) => {
        queries.push({ sql, params });
        return [{ id: 'c-1' }, { id: 'c-2' }];
      }) as PolicyRolloutDeps['ds']['query'],
    },
    conversations: {
      signalPolicyChanged: async (input) => {
        signals.push(input);
        return outcome();
      },
    },
  });
  return { activities, queries, signals };
}

describe('policy rollout activities', () => {
  it('list the waiting conversations a page at a time, after the cursor', async () => {
    const { activities, queries } = fakes(async () => 'signalled');
    const page = await activities.listWaitingConversations({ afterConversationId: 'c-0', limit: 2 });
    expect(page).toEqual({ conversationIds: ['c-1', 'c-2'] });
    expect(queries[0].sql).toMatch(/status = 'AWAITING_AGENT'/);
    expect(queries[0].sql).toMatch(/ORDER BY id LIMIT \$2/);
    expect(queries[0].params).toEqual(['c-0', 2]);
  });

  it('signal one conversation through the gateway; an ended one is an outcome, not a failure', async () => {
    const { activities, signals } = fakes(async () => 'ended');
    expect(await activities.signalPolicyChanged({ conversationId: 'c-1', version: 7 })).toEqual({ outcome: 'ended' });
    expect(signals).toEqual([{ conversationId: 'c-1', version: 7 }]);
  });

  it('let any other failure fail the attempt, so Temporal retries it', async () => {
    const outage = new AppError(ErrorCode.INTERNAL, 'internal error');
    const { activities } = fakes(() => Promise.reject(outage));
    await expect(activities.signalPolicyChanged({ conversationId: 'c-1', version: 7 })).rejects.toBe(outage);
  });
});
