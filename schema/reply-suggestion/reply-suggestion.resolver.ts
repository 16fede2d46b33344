import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { principalOf, type GraphQLContext } from '../context';
import { ReplySuggestionGQL, toReplySuggestionGQL } from './reply-suggestion.type';

/** Help for the agent's reply: a draft from the answerer the AI uses. A mutation so the request limits apply. */
@Resolver()
export class ReplySuggestionResolver {
  @Authorized('agent', 'admin')
  @Mutation(() => ReplySuggestionGQL, {
    description:
      "A draft reply to the conversation's latest customer message, from the knowledge base (or the model with " +
      'AI_PROVIDER=openai) and the handoff, for the agent to edit; staff only, nothing is sent or stored',
  })
  async suggestReply(
    @Arg('conversationId', () => ID, { description: 'The conversation to draft a reply for' }) conversationId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ReplySuggestionGQL> {
    return toReplySuggestionGQL(
      await ctx.services.replySuggestions.suggest(principalOf(ctx), conversationId, ctx.origin),
    );
  }
}
