import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { CustomerEntity } from '../../src/db/entities';

@ObjectType('Customer')
export class CustomerGQL {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  email: string;

  @Field(() => String, { nullable: true })
  company: string | null;

  @Field({ description: 'FREE, PRO or ENTERPRISE' })
  tier: string;

  @Field(() => String, { nullable: true })
  plan: string | null;

  @Field(() => Int)
  seats: number;
}

export function toCustomerGQL(c: CustomerEntity): CustomerGQL {
  return { id: c.id, name: c.name, email: c.email, company: c.company, tier: c.tier, plan: c.plan, seats: c.seats };
}
