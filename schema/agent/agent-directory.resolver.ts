import { Args, ArgsType, Authorized, Ctx, Field, Query, Resolver } from 'type-graphql';
import { PageArgs } from '../common/page-args';
import { connectionOf } from '../common/page-info.type';
import { principalOf, type GraphQLContext } from '../context';
import { AgentConnectionGQL, AgentFilterInput } from './agent-directory.type';
import { toAgentGQL } from './agent.type';

@ArgsType()
class AgentsArgs extends PageArgs {
  @Field(() => AgentFilterInput, {
    description: 'Narrow the list by tier and/or status; omit for every agent',
    nullable: true,
  })
  filter?: AgentFilterInput | null;
}

@Resolver()
export class AgentDirectoryResolver {
  @Authorized('agent', 'admin')
  @Query(() => AgentConnectionGQL, { description: 'Agents, for transfers and the team view (staff)' })
  async agents(@Args() args: AgentsArgs, @Ctx() ctx: GraphQLContext): Promise<AgentConnectionGQL> {
    const page = await ctx.services.agents.list(principalOf(ctx), args.filter ?? {}, args.first, args.after);
    return { ...connectionOf(page, toAgentGQL), totalCount: page.totalCount };
  }
}
