import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { connectionOf } from '../common/page-info.type';
import { principalOf, type GraphQLContext } from '../context';
import { SavedReplyConnectionGQL, SavedReplyGQL, SavedReplyInput, toSavedReplyGQL } from './saved-reply.type';

/** Saved replies (macros): shared and personal, rendered for a conversation with its placeholders filled. */
@Resolver()
export class SavedRepliesResolver {
  @Authorized('agent', 'admin')
  @Query(() => SavedReplyConnectionGQL, { description: "Shared saved replies and the caller's own (agents, admins)" })
  async savedReplies(@Ctx() ctx: GraphQLContext): Promise<SavedReplyConnectionGQL> {
    // The whole list on one page: each reply's id is its cursor.
    const rows = await ctx.services.savedReplies.list(principalOf(ctx));
    const page = { nodes: rows.map((r) => ({ cursor: r.id, node: r })), hasNextPage: false, hasPreviousPage: false };
    return connectionOf(page, toSavedReplyGQL);
  }

  @Authorized('agent', 'admin')
  @Mutation(() => SavedReplyGQL, {
    description: 'Creates a personal saved reply, or a shared one (leads and admins)',
  })
  async createSavedReply(
    @Arg('input', () => SavedReplyInput, { description: 'Title, body, shared' }) input: SavedReplyInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SavedReplyGQL> {
    const created = await ctx.services.savedReplies.create(principalOf(ctx), { ...input, shared: !!input.shared });
    return toSavedReplyGQL(created);
  }

  @Authorized('agent', 'admin')
  @Mutation(() => SavedReplyGQL, {
    description: 'Changes a saved reply: a personal one by its owner, a shared one by leads and admins',
  })
  async updateSavedReply(
    @Arg('id', () => ID, { description: 'The saved reply' }) id: string,
    @Arg('input', () => SavedReplyInput, { description: 'The new title and body' }) input: SavedReplyInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SavedReplyGQL> {
    return toSavedReplyGQL(await ctx.services.savedReplies.update(principalOf(ctx), id, input));
  }

  @Authorized('agent', 'admin')
  @Mutation(() => Boolean, {
    description: 'Deletes a saved reply (same rule as updating); false when there was none',
  })
  deleteSavedReply(
    @Arg('id', () => ID, { description: 'The saved reply' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    return ctx.services.savedReplies.delete(principalOf(ctx), id);
  }

  @Authorized('agent', 'admin')
  @Mutation(() => String, {
    description: "A saved reply's body with its placeholders filled for this conversation's customer and the caller",
  })
  renderSavedReply(
    @Arg('id', () => ID, { description: 'The saved reply' }) id: string,
    @Arg('conversationId', () => ID, { description: 'The conversation it is for' }) conversationId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<string> {
    return ctx.services.savedReplies.render(principalOf(ctx), id, conversationId);
  }
}
