import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { AgentStatusGQL, AgentTierGQL } from '../common/enums';
import { PageInfo } from '../common/page-info.type';
import { AgentGQL } from './agent.type';

@InputType()
export class AgentFilterInput {
  @Field(() => AgentTierGQL, { nullable: true })
  tier?: AgentTierGQL | null;

  @Field(() => AgentStatusGQL, { nullable: true })
  status?: AgentStatusGQL | null;

  @Field(() => String, { nullable: true, description: 'Agents who have this skill' })
  skill?: string | null;
}

@ObjectType('AgentEdge')
export class AgentEdgeGQL {
  @Field()
  cursor: string;

  @Field(() => AgentGQL)
  node: AgentGQL;
}

@ObjectType('AgentConnection')
export class AgentConnectionGQL {
  @Field(() => [AgentEdgeGQL])
  edges: AgentEdgeGQL[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'Every agent the filter matches' })
  totalCount: number;
}
