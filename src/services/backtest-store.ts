import type { DataSource, EntityManager } from 'typeorm';
import type {
  BacktestWindow,
  CompleteBacktestInput,
  FailBacktestInput,
  ReplayBacktestPageInput,
  ReplayBacktestPageResult,
} from '../../workflows/backtest/backtest.messages';
import { changed, replayConversation, totalsOf } from '../../domain/backtest/replay';
import { ConversationEventReads } from '../db/events/event-reads';
import { encodeEvent, EVENTS_CHANNEL } from '../events/channel';

async function notifyBacktest(m: EntityManager | DataSource, backtestId: string): Promise<void> {
  await m.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, encodeEvent({ kind: 'backtest', backtestId })]);
}

/**
 * What the backtest workflow's activities read and write. It reads conversations and their audit trail and writes
 * only backtest rows; every write is keyed (backtest, conversation) or sets absolute values, so a retried activity
 * lands once. Progress is published (pg_notify) in the transaction that stores it.
 */
export class BacktestStore {
  private readonly events: ConversationEventReads;

  constructor(private readonly ds: DataSource) {
    this.events = new ConversationEventReads(ds);
  }

  async countConversations(w: BacktestWindow): Promise<number> {
    return this.ds.transaction(async (m) => {
      const [row]: Array<{ n: number }> = await m.query(
        'SELECT count(*)::int AS n FROM conversations WHERE created_at >= $1 AND created_at < $2',
        [w.from, w.until],
      );
      await m.query(`UPDATE backtests SET total = $2, updated_at = now() WHERE id = $1 AND status = 'RUNNING'`, [
        w.backtestId,
        row.n,
      ]);
      await notifyBacktest(m, w.backtestId);
      return row.n;
    });
  }

  /** One page of conversations, oldest first (keyset on created_at, id), replayed under the candidate. */
  async replayPage(input: ReplayBacktestPageInput): Promise<ReplayBacktestPageResult> {
    const rows: Array<{ id: string; tier: string | null; at: string }> = await this.ds.query(
      `SELECT id, tier, created_at::text AS at FROM conversations
       WHERE created_at >= $1 AND created_at < $2 AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::uuid))
       ORDER BY created_at, id LIMIT $5`,
      [input.from, input.until, input.after?.createdAt ?? null, input.after?.id ?? null, input.limit],
    );
    if (rows.length === 0) return { count: 0, next: null, totals: totalsOf([]) };
    const events = await this.events.replayedEvents(rows.map((r) => r.id));
    const outcomes = rows.map((r) =>
      replayConversation({ id: r.id, tier: r.tier, events: events.get(r.id) ?? [] }, input.document),
    );
    const changes = outcomes.filter(changed);
    const processed = input.processedBefore + rows.length;
    await this.ds.transaction(async (m) => {
      if (changes.length > 0) {
        await m.query(
          `INSERT INTO backtest_changes (backtest_id, conversation_id, tier, before, after, before_at, after_at)
           SELECT $1::uuid, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[])
           ON CONFLICT (backtest_id, conversation_id) DO UPDATE SET tier = EXCLUDED.tier, before = EXCLUDED.before,
             after = EXCLUDED.after, before_at = EXCLUDED.before_at, after_at = EXCLUDED.after_at`,
          [
            input.backtestId,
            changes.map((o) => o.conversationId),
            changes.map((o) => o.tier),
            changes.map((o) => o.before?.trigger ?? null),
            changes.map((o) => o.after?.trigger ?? null),
            changes.map((o) => o.before?.at ?? null),
            changes.map((o) => o.after?.at ?? null),
          ],
        );
      }
      await m.query(
        `UPDATE backtests SET processed = $2::int, progress = LEAST(1, $2::int::float / GREATEST($3::int, 1)), updated_at = now()
         WHERE id = $1 AND status = 'RUNNING'`,
        [input.backtestId, processed, input.total],
      );
      await notifyBacktest(m, input.backtestId);
    });
    const last = rows[rows.length - 1];
    return {
      count: rows.length,
      next: rows.length === input.limit ? { createdAt: last.at, id: last.id } : null,
      totals: totalsOf(outcomes),
    };
  }

  async complete(input: CompleteBacktestInput): Promise<void> {
    await this.finish(input.backtestId, `status = 'COMPLETED', progress = 1, processed = $2, report = $3`, [
      input.processed,
      JSON.stringify(input.report),
    ]);
  }

  async fail(input: FailBacktestInput): Promise<void> {
    await this.finish(input.backtestId, `status = 'FAILED', error = $2`, [input.error.slice(0, 2000)]);
  }

  private async finish(backtestId: string, sets: string, params: unknown[]): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.query(
        `UPDATE backtests SET ${sets}, completed_at = now(), updated_at = now() WHERE id = $1 AND status = 'RUNNING'`,
        [backtestId, ...params],
      );
      await notifyBacktest(m, backtestId);
    });
  }
}
