import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { BILLING_ACTIONS_TOPIC } from '../../src/events/hub';
import { requireStaff } from '../../src/services/agents.service';
import type { BillingActionRow } from '../../src/services/billing.service';
import { PageArgs } from '../common/page-args';
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
    @Arg('conversationId', () => ID, { description: 'The conversation the action is about' }) conversationId: string,
    @Arg('input', () => BillingActionInput, { description: 'Kind, amount, currency, reason and the charge to refund' })
    input: BillingActionInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BillingActionGQL> {
    return toBillingActionGQL(await ctx.services.billing.propose(principalOf(ctx), conversationId, input));
  }

  @Authorized('agent')
  @Mutation(() => BillingActionGQL, {
    description: 'By an agent with the billing skill who did not propose it; executes exactly once',
  })
  async approveBillingAction(
    @Arg('id', () => ID, { description: 'The proposed billing action; approving your own is FORBIDDEN' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BillingActionGQL> {
    return toBillingActionGQL(await ctx.services.billing.approve(principalOf(ctx), id));
  }

  @Authorized('agent')
  @Mutation(() => BillingActionGQL, {
    description: 'Refuses a proposed refund or credit; the proposer sees it live. Needs the billing skill',
  })
  async rejectBillingAction(
    @Arg('id', () => ID, { description: 'The proposed billing action' }) id: string,
    @Arg('reason', { description: 'Why it is refused; shown to the proposer' }) reason: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BillingActionGQL> {
    return toBillingActionGQL(await ctx.services.billing.reject(principalOf(ctx), id, reason));
  }

  @Authorized('agent', 'admin')
  @Query(() => BillingActionConnectionGQL, {
    description: 'Refunds and credits waiting for a second agent, longest waiting first (staff)',
  })
  async billingApprovals(
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BillingActionConnectionGQL> {
    return connectionOf(
      await ctx.services.billing.awaitingApproval(principalOf(ctx), first, after),
      toBillingActionGQL,
    );
  }

  @Authorized('agent', 'admin')
  @Subscription(() => BillingActionGQL, {
    description:
      'Every refund or credit as it is proposed, approved, executed, failed or rejected (staff): the approvals list ' +
      'follows it live; re-read billingApprovals after a reconnect',
    subscribe: ({ context }: { context: GraphQLContext }) => {
      // Subscribe functions run before @Authorized: refuse anyone but staff here.
      requireStaff(principalOf(context));
      return context.services.events.billingActions.subscribe(BILLING_ACTIONS_TOPIC);
    },
  })
  billingActionChanged(@Root() a: BillingActionRow): BillingActionGQL {
    return toBillingActionGQL(a);
  }

  @FieldResolver(() => [BillingActionGQL], {
    description: 'Refunds and credits proposed in this conversation (agents and admins)',
  })
  async billingActions(@Root() c: ConversationGQL, @Ctx() ctx: GraphQLContext): Promise<BillingActionGQL[]> {
    if (principalOf(ctx).role === 'customer') return [];
    return (await ctx.loaders.billingActions.load(c.id)).map(toBillingActionGQL);
  }
}
