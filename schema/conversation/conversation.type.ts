import { Field, ID, ObjectType } from 'type-graphql';
import type { ConversationEntity } from '../../src/db/entities';
import { storedConversation } from '../../src/db/json/conversation-json';
import type { QueueInfo } from '../../src/services/queue-info';
import { ConversationStatus, ResolvedByGQL } from '../common/enums';
import { EscalationGQL, SlaGQL, toEscalationGQL, toSlaGQL } from '../escalation/escalation.type';
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

  /** Agents and admins only, parsed when asked for; see ConversationResolver.handoff and .context. */
  handoffData: unknown;
  contextData: unknown;

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

const mapOrNull = <T, R>(v: T | null, f: (x: T) => R): R | null => (v === null ? null : f(v));

export function toConversationGQL(c: ConversationEntity & { queueSnapshot?: QueueInfo | null }): ConversationGQL {
  return {
    ...(c.queueSnapshot !== undefined ? { queueSnapshot: c.queueSnapshot } : {}),
    id: c.id,
    status: c.status as ConversationStatus,
    customerId: c.customerId,
    pageContext: storedConversation.pageContext(c.id, c.pageContext),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    workflowId: c.workflowId,
    escalation: mapOrNull(storedConversation.escalation(c.id, c.escalation), toEscalationGQL),
    handoffData: c.handoff,
    contextData: c.context,
    sla: mapOrNull(storedConversation.sla(c.id, c.sla), toSlaGQL),
    resolvedBy: (c.resolvedBy as ResolvedByGQL | null) ?? null,
    assigneeId: c.assigneeId,
    tier: c.tier,
  };
}
