import { Field, ObjectType } from 'type-graphql';
import { CustomerGQL } from '../conversation/customer.type';

@ObjectType('WidgetSession', { description: 'What the widget gets for a verified identity token' })
export class WidgetSessionGQL {
  @Field({ description: 'A bearer token (role customer) for HTTP and graphql-ws; renew it before expiresAt' })
  token: string;

  @Field({ description: 'When the token stops working; start a new session before then' })
  expiresAt: Date;

  @Field(() => CustomerGQL, { description: 'The customer, created or updated from the identity token' })
  customer: CustomerGQL;

  @Field(() => String, {
    nullable: true,
    description:
      "An anonymous visitor's own signed token (startVisitorSession only): keep it to come back as the same " +
      'visitor, and give it to startWidgetSession on sign-in so the open conversation moves to the customer',
  })
  visitorToken?: string | null;
}
