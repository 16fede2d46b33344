import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { connectionOf } from '../common/page-info.type';
import { principalOf, type GraphQLContext } from '../context';
import { ConversationGQL } from '../conversation/conversation.type';
import { BillingActionInput } from './billing.inputs';
import { BillingActionConnectionGQL, BillingActionGQL, toBillingActionGQL } from './billing.type';

@Resolver(() => ConversationGQL)
export class BillingResolver {
  @Authorized('agent')
  @Mutation(() => BillingActionGQL, {
    description: 'Proposes a refund or credit; nothing moves until another billing agent approves',
  })
  async proposeBillingAction(
    @Arg('conversationId', () => ID) conversationId: string,
    @Arg('input', () => BillingActionInput) input: BillingActionInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BillingActionGQL> {
    return toBillingActionGQL(await ctx.services.billing.propose(principalOf(ctx), conversationId, input));
  }

  @Authorized('agent')
  @Mutation(() => BillingActionGQL, {
    description: 'By an agent with the billing skill who did not propose it; executes exactly once',
  })
  async approveBillingAction(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<BillingActionGQL> {
    return toBillingActionGQL(await ctx.services.billing.approve(principalOf(ctx), id));
  }

  @Authorized('agent')
  @Mutation(() => BillingActionGQL)
  async rejectBillingAction(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BillingActionGQL> {
    return toBillingActionGQL(await ctx.services.billing.reject(principalOf(ctx), id, reason));
  }

  @Authorized('agent', 'admin')
  @Query(() => BillingActionConnectionGQL, {
    description: 'Refunds and credits waiting for a second agent, longest waiting first (staff)',
  })
  async billingApprovals(
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BillingActionConnectionGQL> {
    return connectionOf(
      await ctx.services.billing.awaitingApproval(principalOf(ctx), first, after),
      toBillingActionGQL,
    );
  }

  @FieldResolver(() => [BillingActionGQL], {
    description: 'Refunds and credits proposed in this conversation (agents and admins)',
  })
  async billingActions(@Root() c: ConversationGQL, @Ctx() ctx: GraphQLContext): Promise<BillingActionGQL[]> {
    if (principalOf(ctx).role === 'customer') return [];
    return (await ctx.loaders.billingActions.load(c.id)).map(toBillingActionGQL);
  }
}
