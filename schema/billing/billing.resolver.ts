import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  registerEnumType,
  Resolver,
  Root,
} from 'type-graphql';
import type { BillingActionRow } from '../../src/services/billing.service';
import { principalOf, type GraphQLContext } from '../context';
import { ConversationGQL } from '../conversation/conversation.type';

export enum BillingActionKindGQL {
  REFUND = 'REFUND',
  CREDIT = 'CREDIT',
}
registerEnumType(BillingActionKindGQL, { name: 'BillingActionKind' });

export enum BillingActionStatusGQL {
  PROPOSED = 'PROPOSED',
  EXECUTED = 'EXECUTED',
  FAILED = 'FAILED',
  REJECTED = 'REJECTED',
}
registerEnumType(BillingActionStatusGQL, { name: 'BillingActionStatus' });

@ObjectType('BillingAction')
export class BillingActionGQL {
  @Field(() => ID) id: string;
  @Field(() => BillingActionKindGQL) kind: BillingActionKindGQL;
  @Field(() => BillingActionStatusGQL) status: BillingActionStatusGQL;
  @Field(() => Int) amountCents: number;
  @Field() currency: string;
  @Field() reason: string;
  @Field(() => String, { nullable: true }) chargeId: string | null;
  @Field(() => String, { nullable: true, description: 'The refund or balance transaction id in Stripe, once executed' })
  stripeId: string | null;
  @Field() proposedBy: string;
  @Field(() => String, { nullable: true }) approvedBy: string | null;
  @Field() createdAt: Date;
}

@InputType()
export class BillingActionInput {
  @Field(() => BillingActionKindGQL) kind: BillingActionKindGQL;
  @Field(() => Int) amountCents: number;
  @Field() currency: string;
  @Field() reason: string;
  @Field(() => String, {
    nullable: true,
    description: 'The charge a refund returns money from (checked against its amount)',
  })
  chargeId?: string | null;
}

const toGQL = (r: BillingActionRow): BillingActionGQL => ({
  id: r.id,
  kind: r.kind as BillingActionKindGQL,
  status: r.status as BillingActionStatusGQL,
  amountCents: r.amount_cents,
  currency: r.currency,
  reason: r.reason,
  chargeId: r.charge_id,
  stripeId: r.stripe_id,
  proposedBy: r.proposed_by,
  approvedBy: r.approved_by,
  createdAt: r.created_at,
});

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
    return toGQL(await ctx.services.billing.propose(principalOf(ctx), conversationId, input));
  }

  @Authorized('agent')
  @Mutation(() => BillingActionGQL, {
    description: 'By an agent with the billing skill who did not propose it; executes exactly once',
  })
  async approveBillingAction(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<BillingActionGQL> {
    return toGQL(await ctx.services.billing.approve(principalOf(ctx), id));
  }

  @Authorized('agent')
  @Mutation(() => BillingActionGQL)
  async rejectBillingAction(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BillingActionGQL> {
    return toGQL(await ctx.services.billing.reject(principalOf(ctx), id, reason));
  }

  @FieldResolver(() => [BillingActionGQL], {
    description: 'Refunds and credits proposed in this conversation (agents and admins)',
  })
  async billingActions(@Root() c: ConversationGQL, @Ctx() ctx: GraphQLContext): Promise<BillingActionGQL[]> {
    if (principalOf(ctx).role === 'customer') return [];
    return (await ctx.loaders.billingActions.load(c.id)).map(toGQL);
  }
}
