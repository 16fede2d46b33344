import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../common/page-args';
import { connectionOf } from '../common/page-info.type';
import { principalOf, type GraphQLContext } from '../context';
import { ConversationGQL, toConversationGQL } from '../conversation/conversation.type';
import {
  KbArticleGQL,
  KnowledgeSuggestionConnectionGQL,
  KnowledgeSuggestionEditsGQL,
  KnowledgeSuggestionGQL,
  SuggestionStatusGQL,
  toArticleGQL,
  toSuggestionGQL,
} from './knowledge.type';

@Resolver(() => KnowledgeSuggestionGQL)
export class KnowledgeResolver {
  @Authorized('agent', 'admin')
  @Query(() => KnowledgeSuggestionConnectionGQL, { description: 'KB article drafts from agent answers, newest first' })
  async knowledgeSuggestions(
    @Arg('status', () => SuggestionStatusGQL, {
      description: 'Only suggestions in this status; omit for all',
      nullable: true,
    })
    status: SuggestionStatusGQL | null,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<KnowledgeSuggestionConnectionGQL> {
    const page = await ctx.services.knowledge.list(status ?? null, first, after);
    return connectionOf(page, toSuggestionGQL);
  }

  @Authorized('agent', 'admin')
  @Query(() => KnowledgeSuggestionGQL, {
    description: 'One suggestion with its replay report; unknown ids are NOT_FOUND',
  })
  async knowledgeSuggestion(
    @Arg('id', () => ID, { description: 'Suggestion id' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<KnowledgeSuggestionGQL> {
    return toSuggestionGQL(await ctx.services.knowledge.get(id));
  }

  @Authorized('agent', 'admin')
  @Mutation(() => KbArticleGQL, {
    description: 'Admins and lead agents: publishes the (edited) draft; the AI uses it from then on',
  })
  async approveKnowledgeSuggestion(
    @Arg('id', () => ID, { description: 'The pending suggestion' }) id: string,
    @Arg('edits', () => KnowledgeSuggestionEditsGQL, {
      description: 'Changes to the title or body before publishing; omit to publish as suggested',
      nullable: true,
    })
    edits: KnowledgeSuggestionEditsGQL | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<KbArticleGQL> {
    const published = await ctx.services.knowledge.approve(principalOf(ctx), id, edits);
    return toArticleGQL(await ctx.services.kbArticles.get(published.id));
  }

  @Authorized('agent', 'admin')
  @Mutation(() => KnowledgeSuggestionGQL, {
    description: 'Admins and lead agents: closes the suggestion without publishing',
  })
  async rejectKnowledgeSuggestion(
    @Arg('id', () => ID, { description: 'The pending suggestion' }) id: string,
    @Arg('reason', { description: 'Why it is rejected; kept with the suggestion' }) reason: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<KnowledgeSuggestionGQL> {
    return toSuggestionGQL(await ctx.services.knowledge.reject(principalOf(ctx), id, reason));
  }

  @FieldResolver(() => KbArticleGQL, {
    nullable: true,
    description: 'The article the draft revises, as it is now (null for a new article)',
  })
  async revises(@Root() s: KnowledgeSuggestionGQL, @Ctx() ctx: GraphQLContext): Promise<KbArticleGQL | null> {
    if (!s.revisesArticleId) return null;
    const a = await ctx.loaders.kbArticle.load(s.revisesArticleId);
    return a ? toArticleGQL(a) : null;
  }

  @FieldResolver(() => [ConversationGQL], { description: 'The agent-resolved conversations the draft was made from' })
  async sourceConversations(@Root() s: KnowledgeSuggestionGQL, @Ctx() ctx: GraphQLContext): Promise<ConversationGQL[]> {
    return (await ctx.loaders.suggestionSources.load(s.id)).map(toConversationGQL);
  }
}
