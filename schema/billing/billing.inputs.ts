import { Field, InputType, Int } from 'type-graphql';
import { BillingActionKindGQL } from './billing.type';

@InputType({
  description: 'A refund or credit an agent proposes; another agent with the billing skill must approve it',
})
export class BillingActionInput {
  @Field(() => BillingActionKindGQL, { description: 'Refund money already charged, or credit the account' })
  kind: BillingActionKindGQL;
  @Field(() => Int, { description: 'Amount in the smallest currency unit (cents); positive' }) amountCents: number;
  @Field({ description: 'ISO 4217 code, lower case (e.g. usd)' }) currency: string;
  @Field({ description: 'Why, in words; shown to the approver' }) reason: string;
  @Field(() => String, {
    nullable: true,
    description:
      "The charge a refund returns money from (it must be the conversation customer's, and cover the amount)",
  })
  chargeId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Idempotency key chosen by the client (1-128 of [A-Za-z0-9_.:-]): a retried proposal with the same key answers the same action',
  })
  clientKey?: string | null;
}
