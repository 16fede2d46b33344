import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { CustomerEntity } from '../../src/db/entities';

@ObjectType('Customer', { description: 'A customer of the product, as the support team sees them' })
export class CustomerGQL {
  @Field(() => ID, { description: 'Customer id' })
  id: string;

  @Field({ description: 'Display name' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Null for an anonymous visitor' })
  email: string | null;

  @Field({ description: 'An anonymous visitor of the widget, not (yet) a signed-in customer' })
  visitor: boolean;

  @Field(() => String, { description: 'Company name; null for individuals', nullable: true })
  company: string | null;

  @Field({ description: 'FREE, PRO or ENTERPRISE' })
  tier: string;

  @Field(() => String, { description: 'Plan name; null when unknown', nullable: true })
  plan: string | null;

  @Field(() => Int, { description: 'Number of paid seats' })
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
