import { Field, ObjectType } from 'type-graphql';
import { ConversationGQL } from '../conversation/conversation.type';

@ObjectType('AgentQueueEvent', { description: 'A change in the agent queue: a conversation arrived, moved or left' })
export class AgentQueueEventGQL {
  @Field({ description: 'escalated, claimed, released, sla_step, WARN, PAGE_LEAD_ONCALL, resolved, …' })
  change: string;

  @Field(() => ConversationGQL, { description: 'The conversation as it is now' })
  conversation: ConversationGQL;
}
