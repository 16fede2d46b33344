import { Arg, Authorized, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { principalOf, type GraphQLContext } from '../context';
import { AgentGQL, toAgentGQL } from './agent.type';

/** Admins take an agent's access away and give it back; the agent's history stays theirs. */
@Resolver()
export class AgentAdminResolver {
  @Authorized('admin')
  @Mutation(() => AgentGQL, {
    description:
      "Refuses the agent's requests on every transport (FORBIDDEN, reason AGENT_DISABLED) and ends their open subscriptions",
  })
  async disableAgent(
    @Arg('agentId', () => ID, { description: 'The agent to disable; their open sessions stop working at once' })
    agentId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AgentGQL> {
    return toAgentGQL(await ctx.services.access.disable(principalOf(ctx), agentId));
  }

  @Authorized('admin')
  @Mutation(() => AgentGQL, {
    description:
      'Sets how many conversations the agent works at once (null: no limit); claims beyond it are refused (AT_CAPACITY)',
  })
  async setAgentCapacity(
    @Arg('agentId', () => ID, { description: 'The agent' }) agentId: string,
    @Arg('capacity', () => Int, { nullable: true, description: 'At most 100 conversations; null removes the limit' })
    capacity: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AgentGQL> {
    return toAgentGQL(await ctx.services.access.setCapacity(principalOf(ctx), agentId, capacity));
  }

  @Authorized('admin')
  @Mutation(() => AgentGQL, { description: 'Gives a disabled agent their access back' })
  async enableAgent(
    @Arg('agentId', () => ID, { description: 'The disabled agent to let back in' }) agentId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AgentGQL> {
    return toAgentGQL(await ctx.services.access.enable(principalOf(ctx), agentId));
  }
}
