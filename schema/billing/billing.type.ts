import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { BillingActionRow } from '../../src/services/billing.service';
import { PageInfo } from '../common/page-info.type';

export enum BillingActionKindGQL {
  REFUND = 'REFUND',
  CREDIT = 'CREDIT',
}
registerEnumType(BillingActionKindGQL, {
  name: 'BillingActionKind',
  description: 'What a billing action does',
  valuesConfig: {
    REFUND: { description: 'Return money from a charge (needs chargeId)' },
    CREDIT: { description: 'Add credit to the customer’s balance for future invoices' },
  },
});

export enum BillingActionStatusGQL {
  PROPOSED = 'PROPOSED',
  EXECUTED = 'EXECUTED',
  FAILED = 'FAILED',
  REJECTED = 'REJECTED',
}
registerEnumType(BillingActionStatusGQL, {
  name: 'BillingActionStatus',
  description: 'Where a billing action stands',
  valuesConfig: {
    PROPOSED: { description: 'Waiting for another agent with the billing skill' },
    EXECUTED: { description: 'Approved and done at Stripe' },
    FAILED: { description: 'Approved but Stripe refused it' },
    REJECTED: { description: 'Refused by the approver' },
  },
});

@ObjectType('BillingAction', {
  description: 'A refund or credit: proposed by one agent, approved or rejected by another, then executed at Stripe',
})
export class BillingActionGQL {
  @Field(() => ID, { description: 'Billing action id' }) id: string;
  @Field(() => BillingActionKindGQL, { description: 'Refund or credit' }) kind: BillingActionKindGQL;
  @Field(() => BillingActionStatusGQL, { description: 'Where it stands: proposed, rejected, executed or failed' })
  status: BillingActionStatusGQL;
  @Field(() => Int, { description: 'Amount in the smallest currency unit (cents)' }) amountCents: number;
  @Field({ description: 'ISO 4217 code, lower case' }) currency: string;
  @Field({ description: 'Why the proposer asked for it' }) reason: string;
  @Field(() => String, { description: 'The Stripe charge refunded; null for a credit', nullable: true }) chargeId:
    string | null;
  @Field(() => String, { nullable: true, description: 'The refund or balance transaction id in Stripe, once executed' })
  stripeId: string | null;
  @Field({ description: 'The agent id who proposed it' }) proposedBy: string;
  @Field(() => String, { description: 'The agent id who approved it; null until approved', nullable: true })
  approvedBy: string | null;
  @Field(() => String, { description: 'The agent id who rejected it; null unless rejected', nullable: true })
  rejectedBy: string | null;
  @Field(() => String, { description: 'Why it was rejected; null unless rejected', nullable: true }) rejectReason:
    string | null;
  @Field(() => ID, { description: 'The conversation it was proposed in' }) conversationId: string;
  @Field({ description: 'When it was created' }) createdAt: Date;
}

@ObjectType('BillingActionEdge', { description: 'One BillingAction in a page, with its cursor' })
class BillingActionEdgeGQL {
  @Field({ description: 'Opaque position of this item: pass it as `after` to get the items that follow' })
  cursor: string;
  @Field(() => BillingActionGQL, { description: 'The item at this position' }) node: BillingActionGQL;
}

@ObjectType('BillingActionConnection', {
  description: 'A page of BillingAction items (Relay connection): the edges in order and how to get the next page',
})
export class BillingActionConnectionGQL {
  @Field(() => [BillingActionEdgeGQL], { description: "This page's items, in order" }) edges: BillingActionEdgeGQL[];
  @Field(() => PageInfo, { description: 'Whether more pages exist and the cursors to ask for them' })
  pageInfo: PageInfo;
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
