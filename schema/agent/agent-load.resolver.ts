import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { AgentGQL } from './agent.type';

/** How busy an agent is, beside their capacity: the console says "At capacity (2/2)" from these two. */
@Resolver(() => AgentGQL)
export class AgentLoadResolver {
  @FieldResolver(() => Int, {
    description: 'Conversations the agent works now (claimed, not yet resolved): what their capacity counts',
  })
  openConversations(@Root() a: AgentGQL, @Ctx() ctx: GraphQLContext): Promise<number> {
    return ctx.loaders.agentOpenCount.load(a.id);
  }
}
