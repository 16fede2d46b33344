import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../common/page-args';
import { connectionOf } from '../common/page-info.type';
import { principalOf, type GraphQLContext } from '../context';
import {
  KbArticleConnectionGQL,
  KbArticleInputGQL,
  KbArticleVersionGQL,
  KbImportFormatGQL,
  KbImportResultGQL,
} from './kb-article.inputs';
import { KbArticleGQL, toArticleGQL } from './knowledge.type';

/** The knowledge base: staff read it; admins and LEAD agents write it (others FORBIDDEN); the AI follows each write. */
@Resolver(() => KbArticleGQL)
export class KbArticlesResolver {
  @Authorized('agent', 'admin')
  @Query(() => KbArticleConnectionGQL, {
    description: 'Articles by title, or by relevance to `search` (full-text); archived ones only with includeArchived',
  })
  async kbArticles(
    @Ctx() ctx: GraphQLContext,
    @Arg('search', () => String, {
      description: 'Words to look for in titles and bodies; omit to list all',
      nullable: true,
    })
    search: string | null,
    @Arg('includeArchived', () => Boolean, {
      description: 'True to include archived articles (which the AI no longer uses)',
      nullable: true,
    })
    includeArchived: boolean | null,
    @Args(() => PageArgs) { first, after }: PageArgs,
  ): Promise<KbArticleConnectionGQL> {
    return connectionOf(await ctx.services.kbArticles.list({ search, includeArchived, first, after }), toArticleGQL);
  }

  @Authorized('agent', 'admin')
  @Query(() => KbArticleGQL, { description: 'One article with its current version; unknown ids are NOT_FOUND' })
  async kbArticle(
    @Arg('id', () => ID, { description: 'Article id' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<KbArticleGQL> {
    return toArticleGQL(await ctx.services.kbArticles.get(id));
  }

  @FieldResolver(() => [KbArticleVersionGQL], { description: 'Its versions, newest first (the last 50)' })
  async versions(@Root() a: KbArticleGQL, @Ctx() ctx: GraphQLContext): Promise<KbArticleVersionGQL[]> {
    return ctx.services.kbArticles.versions(a.id);
  }

  @Authorized('agent', 'admin')
  @Mutation(() => KbArticleGQL, {
    description: 'Admins and lead agents: a new article (version 1); a used id is CONFLICT',
  })
  async createKbArticle(
    @Arg('input', () => KbArticleInputGQL, { description: 'Title, Markdown body, tags and routes' })
    input: KbArticleInputGQL,
    @Ctx() ctx: GraphQLContext,
  ): Promise<KbArticleGQL> {
    return toArticleGQL(await ctx.services.kbArticles.create(principalOf(ctx), input));
  }

  @Authorized('agent', 'admin')
  @Mutation(() => KbArticleGQL, {
    description:
      'Admins and lead agents: saves the next version (an archived article comes back); with expectedVersion, ' +
      'CONFLICT when another version was saved in between',
  })
  async updateKbArticle(
    @Arg('id', () => ID, { description: 'The article to edit' }) id: string,
    @Arg('input', () => KbArticleInputGQL, {
      description: 'The new title, body, tags and routes: saved as a new version',
    })
    input: KbArticleInputGQL,
    @Arg('expectedVersion', () => Int, {
      description: 'The version you edited; if someone saved a newer one first, CONFLICT. Omit to overwrite',
      nullable: true,
    })
    expectedVersion: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<KbArticleGQL> {
    return toArticleGQL(await ctx.services.kbArticles.update(principalOf(ctx), id, input, expectedVersion));
  }

  @Authorized('agent', 'admin')
  @Mutation(() => KbArticleGQL, {
    description: 'Admins and lead agents: archives (or, with archived: false, restores) an article',
  })
  async archiveKbArticle(
    @Arg('id', () => ID, { description: 'The article' }) id: string,
    @Arg('archived', () => Boolean, {
      description: 'True to archive (the AI stops citing it), false to restore',
      nullable: true,
      defaultValue: true,
    })
    archived: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<KbArticleGQL> {
    return toArticleGQL(await ctx.services.kbArticles.archive(principalOf(ctx), id, archived));
  }

  @Authorized('agent', 'admin')
  @Mutation(() => KbImportResultGQL, {
    description:
      'Admins and lead agents: articles from Markdown or JSON, all or nothing (BAD_USER_INPUT names every problem); ' +
      'an id that exists gets its next version',
  })
  async importKbArticles(
    @Arg('format', () => KbImportFormatGQL, { description: 'How content is written' }) format: KbImportFormatGQL,
    @Arg('content', { description: 'The articles to import, in that format' }) content: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<KbImportResultGQL> {
    const r = await ctx.services.kbArticles.import(principalOf(ctx), format, content);
    return { created: r.created, updated: r.updated, articles: r.articles.map(toArticleGQL) };
  }
}
