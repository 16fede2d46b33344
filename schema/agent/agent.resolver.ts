import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { ConversationEntity } from '../../src/db/entities';
import { AgentDeskService } from '../../src/services/agent-desk.service';
import { AgentStatusGQL, AgentTierGQL } from '../common/enums';
import { PageArgs } from '../common/page-args';
import { connectionOf } from '../common/page-info.type';
import { principalOf, type GraphQLContext } from '../context';
import { ConversationConnectionGQL, ConversationGQL, toConversationGQL } from '../conversation/conversation.type';
import { ResolutionInput } from './agent.inputs';
import { AgentGQL, toAgentGQL } from './agent.type';
import { AgentQueueEventGQL } from './queue-event.type';

interface QueueSubscribeData {
  context: GraphQLContext;
}

@Resolver()
export class AgentResolver {
  @Authorized('agent')
  @Query(() => ConversationConnectionGQL, {
    description: 'Conversations this agent may take now, by SLA deadline; matching skills first',
  })
  async agentQueue(@Args() args: PageArgs, @Ctx() ctx: GraphQLContext): Promise<ConversationConnectionGQL> {
    const page = await ctx.services.desk.queue(principalOf(ctx), args.first, args.after);
    return connectionOf(page, toConversationGQL);
  }

  @Authorized('agent')
  @Mutation(() => ConversationGQL, {
    description: 'Of concurrent claimants exactly one wins; the others get CONFLICT naming the winner',
  })
  async claimConversation(
    @Arg('conversationId', () => ID, {
      description: 'The waiting conversation to take; another agent claiming it first is CONFLICT',
    })
    id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ConversationGQL> {
    return toConversationGQL(await ctx.services.desk.claim(principalOf(ctx), id));
  }

  @Authorized('agent')
  @Mutation(() => ConversationGQL, { description: 'Back to the queue' })
  async releaseConversation(
    @Arg('conversationId', () => ID, { description: 'The conversation you own and give back to the queue' }) id: string,
    @Arg('reason', { description: 'Why you release it; shown to the next agent' }) reason: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ConversationGQL> {
    return toConversationGQL(await ctx.services.desk.release(principalOf(ctx), id, reason));
  }

  @Authorized('agent')
  @Mutation(() => ConversationGQL, { description: 'To a named agent, or back to the queue for a tier (TIER2 or LEAD)' })
  async transferConversation(
    @Arg('conversationId', () => ID, { description: 'The conversation you own and hand over' }) id: string,
    @Arg('toAgentId', () => ID, { description: 'A specific agent to hand it to; give this or toTier', nullable: true })
    toAgentId: string | null,
    @Arg('toTier', () => AgentTierGQL, {
      description: 'A tier whose queue receives it; give this or toAgentId',
      nullable: true,
    })
    toTier: AgentTierGQL | null,
    @Arg('reason', { description: 'Why you transfer it; shown to the receiving agent' }) reason: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ConversationGQL> {
    return toConversationGQL(await ctx.services.desk.transfer(principalOf(ctx), id, { toAgentId, toTier, reason }));
  }

  @Authorized('agent', 'admin')
  @Mutation(() => ConversationGQL, {
    description: "LEAD agents and admins: become the assignee of any open conversation (waiting, or another agent's)",
  })
  async takeOverConversation(
    @Arg('conversationId', () => ID, {
      description: 'The conversation a lead takes from its current owner (or from the AI)',
    })
    id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ConversationGQL> {
    return toConversationGQL(await ctx.services.desk.takeOver(principalOf(ctx), id));
  }

  @Authorized('agent', 'admin')
  @Mutation(() => ConversationGQL, {
    description: 'LEAD agents and admins: give any open conversation to a named agent',
  })
  async reassignConversation(
    @Arg('conversationId', () => ID, { description: 'The conversation to move' }) id: string,
    @Arg('toAgentId', () => ID, { description: 'The agent who owns it from now on' }) toAgentId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ConversationGQL> {
    return toConversationGQL(await ctx.services.desk.reassign(principalOf(ctx), id, toAgentId));
  }

  @Authorized('agent')
  @Mutation(() => ConversationGQL, {
    description: 'Closes a conversation you own as resolved by a person, with a summary of the fix',
  })
  async resolveConversation(
    @Arg('conversationId', () => ID, { description: 'The conversation you own' }) id: string,
    @Arg('resolution', () => ResolutionInput, { description: 'What fixed it' }) resolution: ResolutionInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ConversationGQL> {
    return toConversationGQL(await ctx.services.desk.resolve(principalOf(ctx), id, resolution));
  }

  @Authorized('agent')
  @Mutation(() => AgentGQL, {
    description: 'Sets your own availability: offline agents are not notified of new conversations',
  })
  async setAgentStatus(
    @Arg('status', () => AgentStatusGQL, { description: 'Your new availability' }) status: AgentStatusGQL,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AgentGQL> {
    return toAgentGQL(await ctx.services.desk.setStatus(principalOf(ctx), status));
  }

  @Authorized('agent')
  @Subscription(() => AgentQueueEventGQL, {
    description: 'Changes to the queue this agent may take from: escalations, claims, ladder steps, returns',
    subscribe: async ({ context }: QueueSubscribeData) => {
      const agent = await context.services.desk.agentOf(principalOf(context));
      const source = context.services.events.queue.subscribe('queue');
      // Each agent sees what it may take, and every conversation leaving the queue (so its list stays right).
      return (async function* () {
        for await (const e of source) {
          if (e.conversation.status !== 'AWAITING_AGENT' || AgentDeskService.eligible(agent, e.conversation)) yield e;
        }
      })();
    },
  })
  agentQueueChanged(@Root() e: { change: string; conversation: ConversationEntity }): AgentQueueEventGQL {
    return { change: e.change, conversation: toConversationGQL(e.conversation) };
  }
}
