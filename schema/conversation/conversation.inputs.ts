import { Field, ID, InputType } from 'type-graphql';
import { ConversationStatus } from '../common/enums';
import { PageContextGQL } from '../common/page-context.type';

@InputType()
export class StartConversationInput {
  @Field({ description: "The customer's first message" })
  body: string;

  @Field(() => PageContextGQL, { nullable: true })
  pageContext?: PageContextGQL | null;

  @Field({ description: 'Idempotency key chosen by the client: the same key never starts or stores twice' })
  clientMessageId: string;
}

@InputType()
export class SendMessageInput {
  @Field(() => ID)
  conversationId: string;

  @Field()
  body: string;

  @Field({ description: 'Idempotency key chosen by the client: the same key stores one message' })
  clientMessageId: string;

  @Field(() => PageContextGQL, {
    nullable: true,
    description: "The page the customer is on now (customers; the handoff shows the latest). Agents' is ignored",
  })
  pageContext?: PageContextGQL | null;
}

@InputType()
export class ConversationFilterInput {
  @Field(() => ConversationStatus, { nullable: true })
  status?: ConversationStatus | null;

  @Field(() => ID, { nullable: true, description: 'Agents and admins only; customers always see their own' })
  customerId?: string | null;
}
