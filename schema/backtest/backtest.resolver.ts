import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../common/page-args';
import { connectionOf } from '../common/page-info.type';
import { principalOf, type GraphQLContext } from '../context';
import { EscalationTriggerGQL } from '../common/enums';
import { toConversationGQL } from '../conversation/conversation.type';
import type { BacktestChange } from '../../src/services/backtest.service';
import {
  BacktestChangeConnectionGQL,
  BacktestChangeGQL,
  BacktestGQL,
  BacktestReportGQL,
  toBacktestGQL,
} from './backtest.type';

@Resolver()
export class BacktestResolver {
  @Authorized('admin')
  @Mutation(() => BacktestGQL, {
    description:
      'Replays the recorded turn decisions of the conversations started in [from, to) under a candidate policy, as a workflow; ' +
      'follow it with backtest(id) or backtestProgress(id). The document is validated like updateEscalationPolicy (BAD_USER_INPUT).',
  })
  async backtestEscalationPolicy(
    @Arg('document', () => GraphQLJSON, {
      description: 'The candidate policy document (JSON, same shape as EscalationPolicy.document); validated first',
    })
    document: unknown,
    @Arg('from', { description: 'Start of the window of past conversations to replay (inclusive)' }) from: Date,
    @Arg('to', { description: 'End of the window (exclusive)' }) to: Date,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BacktestGQL> {
    return toBacktestGQL(await ctx.services.backtests.start(principalOf(ctx), document, from, to));
  }

  @Authorized('admin')
  @Query(() => BacktestGQL, {
    nullable: true,
    description: 'A policy backtest: its status, progress and, once completed, its report',
  })
  async backtest(
    @Arg('id', () => ID, { description: 'The backtest id returned by backtestEscalationPolicy' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BacktestGQL | null> {
    const b = await ctx.services.backtests.byId(id);
    return b ? toBacktestGQL(b) : null;
  }
}

const toChangeGQL = (c: BacktestChange): BacktestChangeGQL => ({
  conversation: toConversationGQL(c.conversation),
  before: c.before as EscalationTriggerGQL | null,
  after: c.after as EscalationTriggerGQL | null,
  beforeAt: c.beforeAt,
  afterAt: c.afterAt,
});

@Resolver(() => BacktestReportGQL)
export class BacktestReportResolver {
  @FieldResolver(() => [BacktestChangeGQL], {
    description:
      'Each conversation whose outcome differs, in the order they started (`changes` pages through the same list)',
  })
  async changed(@Root() report: BacktestReportGQL, @Ctx() ctx: GraphQLContext): Promise<BacktestChangeGQL[]> {
    return (await ctx.services.backtests.allChanges(report.backtestId)).map(toChangeGQL);
  }

  @FieldResolver(() => BacktestChangeConnectionGQL, { description: '`changed`, a page at a time' })
  async changes(
    @Root() report: BacktestReportGQL,
    @Args() args: PageArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BacktestChangeConnectionGQL> {
    const page = await ctx.services.backtests.changes(report.backtestId, args.first, args.after);
    return { ...connectionOf(page, toChangeGQL), totalCount: report.added + report.removed + report.retriggered };
  }
}
