import { Field, ID, ObjectType } from 'type-graphql';
import type { ConversationEntity } from '../../src/db/entities';
import { ConversationStatus } from '../common/enums';
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

export function toConversationGQL(c: ConversationEntity): ConversationGQL {
  return {
    id: c.id,
    status: c.status as ConversationStatus,
    customerId: c.customerId,
    pageContext: c.pageContext ?? {},
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    workflowId: c.workflowId,
  };
}
