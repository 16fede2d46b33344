import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { CustomerEntity } from '../../src/db/entities';

@ObjectType('Customer')
export class CustomerGQL {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true, description: 'Null for an anonymous visitor' })
  email: string | null;

  @Field({ description: 'An anonymous visitor of the widget, not (yet) a signed-in customer' })
  visitor: boolean;

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
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    visitor: c.visitor,
    company: c.company,
    tier: c.tier,
    plan: c.plan,
    seats: c.seats,
  };
}
