import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { AgentEntity } from '../../src/db/entities';
import { AgentStatusGQL, AgentTierGQL } from '../common/enums';

@ObjectType('Agent', {
  description: 'A member of the support team (staff only: customers never see agents, only assigneeName)',
})
export class AgentGQL {
  @Field(() => ID, { description: 'Stable agent id' })
  id: string;

  @Field({ description: 'Display name, also shown to customers in the conversation' })
  name: string;

  @Field({ description: 'Sign-in email (matched against the identity provider)' })
  email: string;

  @Field(() => AgentTierGQL, { description: 'Escalation tier: which queues the agent serves' })
  tier: AgentTierGQL;

  @Field(() => [String], { description: 'Lower-case skill tags (e.g. billing) used to route conversations' })
  skills: string[];

  @Field(() => AgentStatusGQL, { description: 'Availability right now' })
  status: AgentStatusGQL;

  @Field({ description: 'True while the agent is on call: paged when an SLA deadline is close' })
  onCall: boolean;

  @Field(() => Date, { nullable: true, description: 'Set while an admin has disabled this agent' })
  disabledAt: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: 'How many conversations the agent works at once (null: no limit); a claim beyond it is refused',
  })
  capacity: number | null;
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
    capacity: a.capacity ?? null,
  };
}
