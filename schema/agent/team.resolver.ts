import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { AgentTierGQL } from '../common/enums';
import { principalOf, type GraphQLContext } from '../context';
import { AgentGQL, toAgentGQL } from './agent.type';

@InputType('AgentProfileInput', { description: 'What an admin sets on an agent; omitted fields stay as they are' })
class AgentProfileInputGQL {
  @Field(() => String, { description: 'Display name; omit to leave unchanged', nullable: true }) name?: string | null;
  @Field(() => AgentTierGQL, { description: 'Tier; omit to leave unchanged', nullable: true })
  tier?: AgentTierGQL | null;
  @Field(() => [String], { nullable: true, description: 'Lower-case words such as billing, technical' })
  skills?: string[] | null;
  @Field(() => Boolean, { description: 'On-call flag; omit to leave unchanged', nullable: true }) onCall?:
    boolean | null;
  @Field(() => Int, { nullable: true, description: 'Conversations held at once at most, 0 to 100 (omitted: as it is)' })
  capacity?: number | null;
}

/** Admins build the team: an invitation is an agent row for the address (single sign-on matches it by email). */
@Resolver()
export class TeamResolver {
  @Authorized('admin')
  @Mutation(() => AgentGQL, {
    description:
      'Admins: adds an agent by email (OFFLINE until they sign in); the same address again is the same agent',
  })
  async inviteAgent(
    @Arg('email', { description: 'Sign-in email of the new agent; must be unique' }) email: string,
    @Arg('profile', () => AgentProfileInputGQL, {
      description: 'Name, tier, skills, on-call and capacity to start with; defaults apply when omitted',
      nullable: true,
    })
    profile: AgentProfileInputGQL | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AgentGQL> {
    return toAgentGQL(await ctx.services.team.invite(principalOf(ctx), email, profile ?? {}));
  }

  @Authorized('admin')
  @Mutation(() => AgentGQL, { description: "Admins: an agent's name, tier, skills, on-call flag and capacity" })
  async updateAgent(
    @Arg('agentId', () => ID, { description: 'The agent to change' }) agentId: string,
    @Arg('profile', () => AgentProfileInputGQL, { description: 'Only the fields given change' })
    profile: AgentProfileInputGQL,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AgentGQL> {
    return toAgentGQL(await ctx.services.team.update(principalOf(ctx), agentId, profile));
  }
}
