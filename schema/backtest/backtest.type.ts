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
registerEnumType(BacktestStatusGQL, {
  name: 'BacktestStatus',
  description: 'Where a backtest stands',
  valuesConfig: {
    RUNNING: { description: 'Replaying conversations; see progress' },
    COMPLETED: { description: 'Done: the report is ready' },
    FAILED: { description: 'Stopped; see error' },
  },
});

@ObjectType('BacktestTriggerCount', {
  description: 'Conversations whose (first) escalation had this trigger, in fact and under the candidate',
})
export class BacktestTriggerCountGQL {
  @Field(() => EscalationTriggerGQL, { description: 'The trigger counted' }) trigger: EscalationTriggerGQL;
  @Field(() => Int, { description: 'Escalations by this trigger under the current policy' }) before: number;
  @Field(() => Int, { description: 'A cursor from the previous page (pageInfo.endCursor); omit for the first page' })
  after: number;
}

@ObjectType('BacktestLoad', {
  description: 'Escalations (the agent load they bring) for one customer tier in one hour of the day, UTC',
})
export class BacktestLoadGQL {
  @Field(() => CustomerTierGQL, { description: 'The customer tier counted' }) tier: CustomerTierGQL;
  @Field(() => Int, {
    description: '0–23, UTC: when the escalation happened, or the turn at which the candidate would escalate',
  })
  hour: number;
  @Field(() => Int, { description: 'Escalations in this slot under the current policy' }) before: number;
  @Field(() => Int, { description: 'A cursor from the previous page (pageInfo.endCursor); omit for the first page' })
  after: number;
}

@ObjectType('BacktestChange', { description: 'A conversation whose outcome differs under the candidate' })
export class BacktestChangeGQL {
  @Field(() => ConversationGQL, { description: 'The replayed conversation' }) conversation: ConversationGQL;
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
  @Field(() => Date, { description: 'When the current policy escalated it; null if it did not', nullable: true })
  beforeAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the turn the candidate escalates at was decided' })
  afterAt: Date | null;
}

@ObjectType('BacktestChangeEdge', { description: 'One BacktestChange in a page, with its cursor' })
export class BacktestChangeEdgeGQL {
  @Field({ description: 'Opaque position of this item: pass it as `after` to get the items that follow' })
  cursor: string;
  @Field(() => BacktestChangeGQL, { description: 'The item at this position' }) node: BacktestChangeGQL;
}

@ObjectType('BacktestChangeConnection', {
  description: 'A page of BacktestChange items (Relay connection): the edges in order and how to get the next page',
})
export class BacktestChangeConnectionGQL {
  @Field(() => [BacktestChangeEdgeGQL], { description: "This page's items, in order" }) edges: BacktestChangeEdgeGQL[];
  @Field(() => PageInfo, { description: 'Whether more pages exist and the cursors to ask for them' })
  pageInfo: PageInfo;
  @Field(() => Int, { description: 'How many items there are across all pages' }) totalCount: number;
}

@ObjectType('BacktestReport', {
  description: 'What the candidate policy would have changed over the window, against the current one',
})
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
  @Field(() => [BacktestTriggerCountGQL], { description: 'Escalations per trigger, before and after' })
  byTrigger: BacktestTriggerCountGQL[];
  @Field(() => [BacktestLoadGQL], {
    description: 'Predicted agent load per customer tier and hour of day (UTC); hours with none are left out',
  })
  loadByTierHour: BacktestLoadGQL[];
}

@ObjectType('Backtest', { description: 'A replay of recorded turn decisions under a candidate escalation policy' })
export class BacktestGQL {
  @Field(() => ID, { description: 'Backtest id; use it with backtest(id) and backtestProgress(id)' }) id: string;
  @Field(() => BacktestStatusGQL, { description: 'Whether it is still replaying, done or failed' })
  status: BacktestStatusGQL;
  @Field(() => Float, { description: '0–1: share of the window’s conversations replayed' }) progress: number;
  @Field(() => GraphQLJSON, { description: 'The candidate policy document' }) document: Record<string, unknown>;
  @Field({ description: 'Start of the replayed window' }) from: Date;
  @Field({ description: 'End of the replayed window' }) to: Date;
  @Field({ description: 'Conversations started before this are replayed: `to`, or the time of the request if earlier' })
  until: Date;
  @Field(() => Int, { nullable: true, description: 'Conversations in the window (null until counted)' }) total:
    number | null;
  @Field(() => Int, { description: 'Conversations replayed so far' }) processed: number;
  @Field(() => BacktestReportGQL, { nullable: true, description: 'Null until COMPLETED' })
  report: BacktestReportGQL | null;
  @Field(() => String, { nullable: true, description: 'Why it FAILED' }) error: string | null;
  @Field({ description: 'Who started it (admin id)' }) createdBy: string;
  @Field({ description: 'When it was created' }) createdAt: Date;
  @Field(() => Date, { description: 'When it finished (completed or failed); null while running', nullable: true })
  completedAt: Date | null;
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
