import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../common/enums';
import { CustomerGQL } from '../conversation/customer.type';

@ObjectType('Viewer')
export class ViewerGQL {
  @Field(() => ID)
  id: string;

  @Field(() => Role)
  role: Role;

  @Field(() => String, { nullable: true })
  name: string | null;

  @Field(() => CustomerGQL, { nullable: true, description: 'The customer record, for customer callers' })
  customer: CustomerGQL | null;
}
