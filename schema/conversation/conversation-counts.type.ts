import { Field, Int, ObjectType } from 'type-graphql';
import { CustomerTierGQL } from '../common/enums';
// The same shape as the metrics' trigger counts: one GraphQL type.
import { TriggerCountGQL } from '../metrics/metrics.type';

@ObjectType('TierCount', { description: 'How many conversations wait for an agent from one customer tier' })
export class TierCountGQL {
  @Field(() => CustomerTierGQL, { description: 'The customer tier' })
  tier: CustomerTierGQL;

  @Field(() => Int, { description: 'Conversations waiting from that tier' })
  count: number;
}

@ObjectType('ConversationCounts', { description: 'Open conversations (not RESOLVED or CLOSED) per inbox view' })
export class ConversationCountsGQL {
  @Field(() => Int, { description: 'Assigned to the caller' })
  mine: number;

  @Field(() => Int, { description: 'Waiting for an agent with nobody assigned' })
  unassigned: number;

  @Field(() => Int, { description: 'Conversations waiting for an agent' })
  awaitingAgent: number;

  @Field(() => Int, { description: 'Conversations with an agent' })
  agentActive: number;

  @Field(() => Int, { description: 'Conversations the AI is handling' })
  aiActive: number;

  @Field(() => [TierCountGQL], { description: 'Every customer tier, zeros included' })
  byTier: TierCountGQL[];

  @Field(() => [TriggerCountGQL], { description: 'Every escalation trigger, zeros included' })
  byTrigger: TriggerCountGQL[];
}
