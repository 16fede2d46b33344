import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { CustomerTierGQL, SupportMetricsGQL } from './metrics.type';

@Resolver()
export class MetricsResolver {
  @Authorized('agent', 'admin')
  @Query(() => SupportMetricsGQL, { description: 'Per-layer support metrics for conversations started in [from, to)' })
  async supportMetrics(
    @Arg('from', { description: 'Start of the window (inclusive)' }) from: Date,
    @Arg('to', { description: 'End of the window (exclusive)' }) to: Date,
    @Arg('tier', () => CustomerTierGQL, {
      description: 'Only conversations of customers in this tier; omit for all',
      nullable: true,
    })
    tier: CustomerTierGQL | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SupportMetricsGQL> {
    return (await ctx.services.metrics.supportMetrics(from, to, tier)) as SupportMetricsGQL;
  }
}
