import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import type { PolicyBacktestInput } from '../../workflows/backtest/backtest.messages';
import type { EscalationPolicyDocument, EscalationTrigger } from '../../domain/escalation';
import { policyProblems } from '../../domain/policy/document';
import type { Principal } from '../auth/jwt';
import { BacktestEntity, ConversationEntity } from '../db/entities';
import { AppError, badInput, ErrorCode, forbidden } from '../errors';
import { logger } from '../logger';
import type { BacktestGateway } from '../temporal/backtest-gateway';
import { isUuid } from './ids';
import { decodeCursor, type Page, pageOf, pageSize } from './pagination';

const log = logger('backtest');

export interface BacktestServiceOptions {
  pageSize: number;
  pagesPerRun: number;
}

export interface BacktestChange {
  conversation: ConversationEntity;
  tier: string;
  before: EscalationTrigger | null;
  after: EscalationTrigger | null;
  beforeAt: Date | null;
  afterAt: Date | null;
}

/** Policy backtests as the API sees them: validated and started here, run by the backtest workflow, read from PostgreSQL. */
export class BacktestService {
  constructor(
    private readonly ds: DataSource,
    private readonly temporal: BacktestGateway,
    private readonly opts: BacktestServiceOptions,
  ) {}

  private get repo() {
    return this.ds.getRepository(BacktestEntity);
  }

  /**
   * Validates the candidate exactly as updateEscalationPolicy does; nothing starts unless it is valid. The window
   * ends at `to`, or now when `to` is later: a backtest replays what was recorded when it was asked for.
   */
  async start(principal: Principal, document: unknown, from: Date, to: Date): Promise<BacktestEntity> {
    if (principal.role !== 'admin') throw forbidden('policy backtests are for admins');
    const problems = policyProblems(document);
    if (problems.length > 0) throw badInput(`invalid escalation policy: ${problems.join('; ')}`);
    if (!(from.getTime() < to.getTime())) throw badInput('from must be before to');
    const id = randomUUID();
    const until = new Date(Math.min(to.getTime(), Date.now()));
    const workflowId = this.temporal.workflowIdOf(id);
    await this.ds.query(
      `INSERT INTO backtests (id, status, document, window_from, window_to, window_until, workflow_id, created_by)
       VALUES ($1, 'RUNNING', $2, $3, $4, $5, $6, $7)`,
      [id, JSON.stringify(document), from, to, until, workflowId, principal.sub],
    );
    const input: PolicyBacktestInput = {
      backtestId: id,
      document: document as EscalationPolicyDocument,
      from: from.toISOString(),
      until: until.toISOString(),
      pageSize: this.opts.pageSize,
      pagesPerRun: this.opts.pagesPerRun,
    };
    try {
      await this.temporal.startBacktest(input);
    } catch (err) {
      // The gateway logged and counted what Temporal answered; the backtest is marked failed, the admin told to retry.
      log.error('backtest workflow did not start', { backtestId: id, error: String(err) });
      await this.repo.update(
        { id },
        { status: 'FAILED', error: 'the backtest could not be started', completedAt: new Date() },
      );
      throw new AppError(ErrorCode.UNAVAILABLE, 'the backtest could not be started; try again');
    }
    return (await this.repo.findOneBy({ id }))!;
  }

  async byId(id: string): Promise<BacktestEntity | null> {
    return isUuid(id) ? this.repo.findOneBy({ id }) : null;
  }

  /** The conversations whose outcome the candidate changes, in the order the backtest met them. */
  /** The report's changes a page at a time, in the order the conversations started. */
  async changes(backtestId: string, first?: number | null, after?: string | null): Promise<Page<BacktestChange>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 1);
    const rows = await this.changeRows(backtestId, Number(cursor?.[0] ?? 0), limit + 1);
    const page = pageOf(rows, limit, (r) => [r.ord], cursor !== null);
    return { ...page, nodes: page.nodes.map((n) => ({ cursor: n.cursor, node: n.node.change })) };
  }

  /** Every change at once: the report's plain list. */
  async allChanges(backtestId: string): Promise<BacktestChange[]> {
    return (await this.changeRows(backtestId, 0, null)).map((r) => r.change);
  }

  private async changeRows(
    backtestId: string,
    afterOrd: number,
    limit: number | null,
  ): Promise<Array<{ ord: number; change: BacktestChange }>> {
    const rows: Array<{
      ord: string;
      conversation_id: string;
      tier: string;
      before: string | null;
      after: string | null;
      before_at: Date | null;
      after_at: Date | null;
    }> = await this.ds.query(
      `SELECT ord, conversation_id, tier, before, after, before_at, after_at FROM backtest_changes
         WHERE backtest_id = $1 AND ord > $2 ORDER BY ord LIMIT $3`,
      [backtestId, afterOrd, limit],
    );
    const conversations = rows.length
      ? await this.ds.getRepository(ConversationEntity).findBy({ id: In(rows.map((r) => r.conversation_id)) })
      : [];
    const byId = new Map(conversations.map((c) => [c.id, c]));
    return rows.map((r) => ({
      ord: Number(r.ord),
      change: {
        conversation: byId.get(r.conversation_id)!,
        tier: r.tier,
        before: r.before as EscalationTrigger | null,
        after: r.after as EscalationTrigger | null,
        beforeAt: r.before_at,
        afterAt: r.after_at,
      },
    }));
  }
}
