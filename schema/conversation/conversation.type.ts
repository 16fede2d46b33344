import { Field, ID, ObjectType } from 'type-graphql';
import type { ConversationEntity } from '../../src/db/entities';
import { storedConversation } from '../../src/db/json/conversation-json';
import type { QueueInfo } from '../../src/services/queue-info';
import { ConversationStatus, ResolvedByGQL } from '../common/enums';
import { EscalationGQL, SlaGQL, toEscalationGQL, toSlaGQL } from '../escalation/escalation.type';
import { PageContextGQL } from '../common/page-context.type';
import { PageInfo } from '../common/page-info.type';

@ObjectType('Conversation', {
  description: 'One support conversation between a customer, the AI and possibly an agent',
})
export class ConversationGQL {
  @Field(() => ID, { description: 'Conversation id (also names its workflow)' })
  id: string;

  @Field(() => ConversationStatus, { description: 'Where it stands now' })
  status: ConversationStatus;

  /** Resolved through a loader; see ConversationResolver. */
  customerId: string;

  @Field(() => PageContextGQL, { description: 'Where in the product the customer started it' })
  pageContext: PageContextGQL;

  @Field({ description: 'When it was created' })
  createdAt: Date;

  @Field({ description: 'When it last changed' })
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

@ObjectType('ConversationEdge', { description: 'One Conversation in a page, with its cursor' })
export class ConversationEdgeGQL {
  @Field({ description: 'Opaque position of this item: pass it as `after` to get the items that follow' })
  cursor: string;

  @Field(() => ConversationGQL, { description: 'The item at this position' })
  node: ConversationGQL;
}

@ObjectType('ConversationConnection', {
  description: 'A page of Conversation items (Relay connection): the edges in order and how to get the next page',
})
export class ConversationConnectionGQL {
  @Field(() => [ConversationEdgeGQL], { description: "This page's items, in order" })
  edges: ConversationEdgeGQL[];

  @Field(() => PageInfo, { description: 'Whether more pages exist and the cursors to ask for them' })
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
