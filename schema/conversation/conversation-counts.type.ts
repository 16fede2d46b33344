import { Field, Int, ObjectType } from 'type-graphql';
import { CustomerTierGQL } from '../common/enums';
// The same shape as the metrics' trigger counts: one GraphQL type.
import { TriggerCountGQL } from '../metrics/metrics.type';

@ObjectType('TierCount')
export class TierCountGQL {
  @Field(() => CustomerTierGQL)
  tier: CustomerTierGQL;

  @Field(() => Int)
  count: number;
}

@ObjectType('ConversationCounts', { description: 'Open conversations (not RESOLVED or CLOSED) per inbox view' })
export class ConversationCountsGQL {
  @Field(() => Int, { description: 'Assigned to the caller' })
  mine: number;

  @Field(() => Int, { description: 'Waiting for an agent with nobody assigned' })
  unassigned: number;

  @Field(() => Int)
  awaitingAgent: number;

  @Field(() => Int)
  agentActive: number;

  @Field(() => Int)
  aiActive: number;

  @Field(() => [TierCountGQL], { description: 'Every customer tier, zeros included' })
  byTier: TierCountGQL[];

  @Field(() => [TriggerCountGQL], { description: 'Every escalation trigger, zeros included' })
  byTrigger: TriggerCountGQL[];
}
