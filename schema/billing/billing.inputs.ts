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
    description: 'The charge a refund returns money from (checked against its amount)',
  })
  chargeId?: string | null;
}
