import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { BillingActionRow } from '../../src/services/billing.service';
import { PageInfo } from '../common/page-info.type';

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
  @Field(() => String, { nullable: true }) rejectedBy: string | null;
  @Field(() => String, { nullable: true }) rejectReason: string | null;
  @Field(() => ID, { description: 'The conversation it was proposed in' }) conversationId: string;
  @Field() createdAt: Date;
}

@ObjectType('BillingActionEdge')
class BillingActionEdgeGQL {
  @Field() cursor: string;
  @Field(() => BillingActionGQL) node: BillingActionGQL;
}

@ObjectType('BillingActionConnection')
export class BillingActionConnectionGQL {
  @Field(() => [BillingActionEdgeGQL]) edges: BillingActionEdgeGQL[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

export const toBillingActionGQL = (r: BillingActionRow): BillingActionGQL => ({
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
  rejectedBy: r.rejected_by,
  rejectReason: r.reject_reason ?? null,
  conversationId: r.conversation_id,
  createdAt: r.created_at,
});
