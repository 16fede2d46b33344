import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { AgentEntity } from '../../src/db/entities';
import { AgentStatusGQL, AgentTierGQL } from '../common/enums';

@ObjectType('Agent')
export class AgentGQL {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  email: string;

  @Field(() => AgentTierGQL)
  tier: AgentTierGQL;

  @Field(() => [String])
  skills: string[];

  @Field(() => AgentStatusGQL)
  status: AgentStatusGQL;

  @Field()
  onCall: boolean;

  @Field(() => Date, { nullable: true, description: 'Set while an admin has disabled this agent' })
  disabledAt: Date | null;

  @Field(() => Int, { description: 'How many conversations the agent holds at once at most' })
  capacity: number;
}

export function toAgentGQL(a: AgentEntity): AgentGQL {
  return {
    id: a.id,
    name: a.name,
    email: a.email,
    tier: a.tier as AgentTierGQL,
    skills: a.skills,
    status: a.status as AgentStatusGQL,
    onCall: a.onCall,
    disabledAt: a.disabledAt ?? null,
    capacity: a.capacity ?? 5,
  };
}
