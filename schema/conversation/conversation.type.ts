import { Field, ID, ObjectType } from 'type-graphql';
import type { ConversationEntity } from '../../src/db/entities';
import type { QueueInfo } from '../../src/services/queue-info';
import type { EscalationRecord, SlaCycle } from '../../workflows/conversation/conversation.messages';
import { ConversationStatus, ResolvedByGQL } from '../common/enums';
import { EscalationGQL, HandoffGQL, SlaGQL, toEscalationGQL, toSlaGQL } from '../escalation/escalation.type';
import { PageContextGQL } from '../common/page-context.type';
import { PageInfo } from '../common/page-info.type';

@ObjectType('Conversation')
export class ConversationGQL {
  @Field(() => ID)
  id: string;

  @Field(() => ConversationStatus)
  status: ConversationStatus;

  /** Resolved through a loader; see ConversationResolver. */
  customerId: string;

  @Field(() => PageContextGQL)
  pageContext: PageContextGQL;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  @Field({ description: 'The Temporal workflow id: paste it into the Temporal UI to see the full history' })
  workflowId: string;

  @Field(() => EscalationGQL, {
    nullable: true,
    description: 'Null until escalated; agents and admins only (null for customers)',
  })
  escalation: EscalationGQL | null;

  /** Agents and admins only; see ConversationResolver.handoff. */
  handoffData: HandoffGQL | null;
  contextData: Record<string, unknown> | null;

  @Field(() => SlaGQL, {
    nullable: true,
    description:
      'The time-to-claim target and escalation ladder of the current wait (agents and admins; null for customers)',
  })
  sla: SlaGQL | null;

  @Field(() => ResolvedByGQL, { nullable: true, description: 'Null while open' })
  resolvedBy: ResolvedByGQL | null;

  assigneeId: string | null;
  tier: string | null;
  /** Set when the event hub already read the place in line (see EventHub, queue events). */
  queueSnapshot?: QueueInfo | null;
}

@ObjectType('ConversationEdge')
export class ConversationEdgeGQL {
  @Field()
  cursor: string;

  @Field(() => ConversationGQL)
  node: ConversationGQL;
}

@ObjectType('ConversationConnection')
export class ConversationConnectionGQL {
  @Field(() => [ConversationEdgeGQL])
  edges: ConversationEdgeGQL[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

export function toConversationGQL(c: ConversationEntity & { queueSnapshot?: QueueInfo | null }): ConversationGQL {
  return {
    ...(c.queueSnapshot !== undefined ? { queueSnapshot: c.queueSnapshot } : {}),
    id: c.id,
    status: c.status as ConversationStatus,
    customerId: c.customerId,
    pageContext: c.pageContext ?? {},
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    workflowId: c.workflowId,
    escalation: c.escalation ? toEscalationGQL(c.escalation as unknown as EscalationRecord) : null,
    handoffData: c.handoff ? ({ summaryBy: 'assembled', ...c.handoff } as unknown as HandoffGQL) : null,
    contextData: c.context,
    sla: c.sla ? toSlaGQL(c.sla as unknown as SlaCycle) : null,
    resolvedBy: (c.resolvedBy as ResolvedByGQL | null) ?? null,
    assigneeId: c.assigneeId,
    tier: c.tier,
  };
}
