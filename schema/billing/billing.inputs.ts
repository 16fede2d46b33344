import { Field, InputType, Int } from 'type-graphql';
import { BillingActionKindGQL } from './billing.type';

@InputType()
export class BillingActionInput {
  @Field(() => BillingActionKindGQL) kind: BillingActionKindGQL;
  @Field(() => Int) amountCents: number;
  @Field() currency: string;
  @Field() reason: string;
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
