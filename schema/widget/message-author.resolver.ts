import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { AuthorKind } from '../common/enums';
import type { GraphQLContext } from '../context';
import { MessageGQL } from '../conversation/message.type';

@Resolver(() => MessageGQL)
export class MessageAuthorResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: "The agent's display name on agent messages (what the customer sees); null on others",
  })
  async authorName(@Root() m: MessageGQL, @Ctx() ctx: GraphQLContext): Promise<string | null> {
    if (m.authorKind !== AuthorKind.AGENT || !m.authorId) return null;
    return (await ctx.loaders.agent.load(m.authorId))?.name ?? null;
  }
}
