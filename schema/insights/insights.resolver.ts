import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { ConversationGQL, toConversationGQL } from '../conversation/conversation.type';
import { CustomerGQL, toCustomerGQL } from '../conversation/customer.type';
import { DEFAULT_TOP, MAX_TOP } from '../../src/services/insights.service';
import { AccountAtRiskGQL, InsightsGQL, KbGapGQL, RecurringErrorGQL } from './insights.type';
import { ReviewDigestConnectionGQL } from './review-digest.type';
import { PageArgs } from '../common/page-args';
import { connectionOf } from '../common/page-info.type';

async function conversations(ids: string[], ctx: GraphQLContext): Promise<ConversationGQL[]> {
  const rows = await ctx.loaders.conversation.loadMany(ids);
  return rows.flatMap((c) => (c && !(c instanceof Error) ? [toConversationGQL(c)] : []));
}

@Resolver()
export class InsightsResolver {
  @Authorized('agent', 'admin')
  @Query(() => InsightsGQL, {
    description: 'What the conversations started in [from, to) say about the KB, errors, pages and accounts',
  })
  async insights(
    @Arg('from', { description: 'Start of the window (inclusive)' }) from: Date,
    @Arg('to', { description: 'End of the window (exclusive)' }) to: Date,
    @Arg('top', () => Int, { defaultValue: DEFAULT_TOP, description: `Entries per list, 1 to ${MAX_TOP}` }) top: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<InsightsGQL> {
    return ctx.services.insights.insights(from, to, top);
  }

  @Authorized('agent', 'admin')
  @Query(() => ReviewDigestConnectionGQL, { description: 'The weekly review digests, newest first' })
  async reviewDigests(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ReviewDigestConnectionGQL> {
    const page = await ctx.services.insights.reviewDigests(first, after);
    return connectionOf(page, (d) => ({ ...d, createdAt: new Date(d.createdAt) }));
  }
}

@Resolver(() => KbGapGQL)
export class KbGapResolver {
  @FieldResolver(() => [ConversationGQL], { description: 'Up to five of its conversations, newest first' })
  examples(@Root() gap: KbGapGQL, @Ctx() ctx: GraphQLContext): Promise<ConversationGQL[]> {
    return conversations(gap.exampleIds, ctx);
  }
}

@Resolver(() => RecurringErrorGQL)
export class RecurringErrorResolver {
  @FieldResolver(() => [ConversationGQL], { description: 'Up to five of its conversations, newest first' })
  examples(@Root() error: RecurringErrorGQL, @Ctx() ctx: GraphQLContext): Promise<ConversationGQL[]> {
    return conversations(error.exampleIds, ctx);
  }
}

@Resolver(() => AccountAtRiskGQL)
export class AccountAtRiskResolver {
  @FieldResolver(() => CustomerGQL, { description: 'The customer at risk' })
  async customer(@Root() account: AccountAtRiskGQL, @Ctx() ctx: GraphQLContext): Promise<CustomerGQL> {
    const c = await ctx.loaders.customer.load(account.customerId);
    if (!c) throw new Error(`customer ${account.customerId} is missing`);
    return toCustomerGQL(c);
  }
}
