import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { AgentStatusGQL, AgentTierGQL } from '../common/enums';
import { PageInfo } from '../common/page-info.type';
import { AgentGQL } from './agent.type';

@InputType({ description: 'Which agents to list; every field given must match' })
export class AgentFilterInput {
  @Field(() => AgentTierGQL, { description: 'Only agents of this tier', nullable: true })
  tier?: AgentTierGQL | null;

  @Field(() => AgentStatusGQL, { description: 'Only agents in this availability status', nullable: true })
  status?: AgentStatusGQL | null;

  @Field(() => String, { nullable: true, description: 'Agents who have this skill' })
  skill?: string | null;
}

@ObjectType('AgentEdge', { description: 'One Agent in a page, with its cursor' })
export class AgentEdgeGQL {
  @Field({ description: 'Opaque position of this item: pass it as `after` to get the items that follow' })
  cursor: string;

  @Field(() => AgentGQL, { description: 'The item at this position' })
  node: AgentGQL;
}

@ObjectType('AgentConnection', {
  description: 'A page of Agent items (Relay connection): the edges in order and how to get the next page',
})
export class AgentConnectionGQL {
  @Field(() => [AgentEdgeGQL], { description: "This page's items, in order" })
  edges: AgentEdgeGQL[];

  @Field(() => PageInfo, { description: 'Whether more pages exist and the cursors to ask for them' })
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'Every agent the filter matches' })
  totalCount: number;
}
