import { Field, ObjectType } from 'type-graphql';
import { ConversationGQL } from '../conversation/conversation.type';

@ObjectType('AgentQueueEvent')
export class AgentQueueEventGQL {
  @Field({ description: 'escalated, claimed, released, sla_step, WARN, PAGE_LEAD_ONCALL, resolved, …' })
  change: string;

  @Field(() => ConversationGQL)
  conversation: ConversationGQL;
}
