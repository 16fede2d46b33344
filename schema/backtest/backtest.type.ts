import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { BacktestEntity } from '../../src/db/entities';
import { storedJsonObject } from '../../src/db/json/conversation-json';
import { storedBacktestReport } from '../../src/db/json/report-json';
import { EscalationTriggerGQL } from '../common/enums';
import { PageInfo } from '../common/page-info.type';
import { ConversationGQL } from '../conversation/conversation.type';
import { CustomerTierGQL } from '../metrics/metrics.type';

export enum BacktestStatusGQL {
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}
registerEnumType(BacktestStatusGQL, { name: 'BacktestStatus' });

@ObjectType('BacktestTriggerCount', {
  description: 'Conversations whose (first) escalation had this trigger, in fact and under the candidate',
})
export class BacktestTriggerCountGQL {
  @Field(() => EscalationTriggerGQL) trigger: EscalationTriggerGQL;
  @Field(() => Int) before: number;
  @Field(() => Int) after: number;
}

@ObjectType('BacktestLoad', {
  description: 'Escalations (the agent load they bring) for one customer tier in one hour of the day, UTC',
})
export class BacktestLoadGQL {
  @Field(() => CustomerTierGQL) tier: CustomerTierGQL;
  @Field(() => Int, {
    description: '0–23, UTC: when the escalation happened, or the turn at which the candidate would escalate',
  })
  hour: number;
  @Field(() => Int) before: number;
  @Field(() => Int) after: number;
}

@ObjectType('BacktestChange', { description: 'A conversation whose outcome differs under the candidate' })
export class BacktestChangeGQL {
  @Field(() => ConversationGQL) conversation: ConversationGQL;
  @Field(() => EscalationTriggerGQL, {
    nullable: true,
    description: 'What happened: its first escalation trigger (null: none)',
  })
  before: EscalationTriggerGQL | null;
  @Field(() => EscalationTriggerGQL, {
    nullable: true,
    description: 'Under the candidate (null: it would stay with the AI)',
  })
  after: EscalationTriggerGQL | null;
  @Field(() => Date, { nullable: true }) beforeAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the turn the candidate escalates at was decided' })
  afterAt: Date | null;
}

@ObjectType('BacktestChangeEdge')
export class BacktestChangeEdgeGQL {
  @Field() cursor: string;
  @Field(() => BacktestChangeGQL) node: BacktestChangeGQL;
}

@ObjectType('BacktestChangeConnection')
export class BacktestChangeConnectionGQL {
  @Field(() => [BacktestChangeEdgeGQL]) edges: BacktestChangeEdgeGQL[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@ObjectType('BacktestReport')
export class BacktestReportGQL {
  /** Resolves `changed`; not a field. */
  backtestId: string;

  @Field(() => Int, { description: 'Conversations started in the window' }) conversations: number;
  @Field(() => Int, { description: 'Recorded AI turn decisions read' }) turns: number;
  @Field(() => Int, { description: 'Conversations that reached a person' }) escalationsBefore: number;
  @Field(() => Int, { description: 'Conversations that would reach a person under the candidate' })
  escalationsAfter: number;
  @Field(() => Int, { description: 'Never escalated, would under the candidate' }) added: number;
  @Field(() => Int, { description: 'Escalated, would not under the candidate' }) removed: number;
  @Field(() => Int, { description: 'Escalated either way, for another trigger' }) retriggered: number;
  @Field(() => Int, {
    description:
      "Escalations under the candidate its auto-assignment would hand to an online agent instead of the queue's claim " +
      '(0 when the candidate leaves autoAssign off)',
  })
  autoAssigned: number;
  @Field(() => [BacktestTriggerCountGQL]) byTrigger: BacktestTriggerCountGQL[];
  @Field(() => [BacktestLoadGQL], {
    description: 'Predicted agent load per customer tier and hour of day (UTC); hours with none are left out',
  })
  loadByTierHour: BacktestLoadGQL[];
}

@ObjectType('Backtest', { description: 'A replay of recorded turn decisions under a candidate escalation policy' })
export class BacktestGQL {
  @Field(() => ID) id: string;
  @Field(() => BacktestStatusGQL) status: BacktestStatusGQL;
  @Field(() => Float, { description: '0–1: share of the window’s conversations replayed' }) progress: number;
  @Field(() => GraphQLJSON, { description: 'The candidate policy document' }) document: Record<string, unknown>;
  @Field() from: Date;
  @Field() to: Date;
  @Field({ description: 'Conversations started before this are replayed: `to`, or the time of the request if earlier' })
  until: Date;
  @Field(() => Int, { nullable: true, description: 'Conversations in the window (null until counted)' }) total:
    number | null;
  @Field(() => Int) processed: number;
  @Field(() => BacktestReportGQL, { nullable: true, description: 'Null until COMPLETED' })
  report: BacktestReportGQL | null;
  @Field(() => String, { nullable: true, description: 'Why it FAILED' }) error: string | null;
  @Field() createdBy: string;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) completedAt: Date | null;
  @Field({ description: 'The Temporal workflow id (backtest-<id>)' }) workflowId: string;
}

export function toBacktestGQL(b: BacktestEntity): BacktestGQL {
  const report = b.status === 'COMPLETED' ? storedBacktestReport(b.id, b.report) : null;
  return {
    id: b.id,
    status: b.status as BacktestStatusGQL,
    progress: b.progress,
    document: storedJsonObject(`backtests ${b.id}.document`, b.document),
    from: b.windowFrom,
    to: b.windowTo,
    until: b.windowUntil,
    total: b.total,
    processed: b.processed,
    report: report
      ? {
          ...report,
          backtestId: b.id,
          byTrigger: report.byTrigger.map((t) => ({ ...t, trigger: t.trigger as EscalationTriggerGQL })),
          loadByTierHour: report.loadByTierHour.map((l) => ({ ...l, tier: l.tier as CustomerTierGQL })),
        }
      : null,
    error: b.error,
    createdBy: b.createdBy,
    createdAt: b.createdAt,
    completedAt: b.completedAt,
    workflowId: b.workflowId,
  };
}
