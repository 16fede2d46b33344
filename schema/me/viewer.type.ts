import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../common/enums';
import { CustomerGQL } from '../conversation/customer.type';

@ObjectType('Viewer', { description: 'Who the token belongs to' })
export class ViewerGQL {
  @Field(() => ID, { description: 'Customer, agent or admin id' })
  id: string;

  @Field(() => Role, { description: 'What the caller may do' })
  role: Role;

  @Field(() => String, { description: 'Display name; null when unknown (e.g. an anonymous visitor)', nullable: true })
  name: string | null;

  @Field(() => CustomerGQL, { nullable: true, description: 'The customer record, for customer callers' })
  customer: CustomerGQL | null;
}
