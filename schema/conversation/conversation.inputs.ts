import { Field, ID, InputType } from 'type-graphql';
import { ConversationOrderGQL, ConversationStatus, CustomerTierGQL, EscalationTriggerGQL } from '../common/enums';
import { PageContextGQL } from '../common/page-context.type';

@InputType({ description: 'The first message of a new conversation' })
export class StartConversationInput {
  @Field({ description: "The customer's first message" })
  body: string;

  @Field(() => PageContextGQL, {
    description: 'Where in the product the customer is; helps the AI and lands in the handoff',
    nullable: true,
  })
  pageContext?: PageContextGQL | null;

  @Field({ description: 'Idempotency key chosen by the client: the same key never starts or stores twice' })
  clientMessageId: string;
}

@InputType({ description: 'A message in an open conversation (customer or assigned agent)' })
export class SendMessageInput {
  @Field(() => ID, { description: 'The conversation to write in' })
  conversationId: string;

  @Field({ description: 'Message text (plain text); empty or over-long bodies are BAD_USER_INPUT' })
  body: string;

  @Field({ description: 'Idempotency key chosen by the client: the same key stores one message' })
  clientMessageId: string;

  @Field(() => PageContextGQL, {
    nullable: true,
    description: "The page the customer is on now (customers; the handoff shows the latest). Agents' is ignored",
  })
  pageContext?: PageContextGQL | null;
}

@InputType({ description: 'Which conversations to list; every field given must match' })
export class ConversationFilterInput {
  @Field(() => ConversationStatus, { description: 'Only conversations in this status', nullable: true })
  status?: ConversationStatus | null;

  @Field(() => ID, { nullable: true, description: 'Agents and admins only; customers always see their own' })
  customerId?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Staff only: the caller's own conversations" })
  assignedToMe?: boolean | null;

  @Field(() => ID, { nullable: true, description: "Staff only: this agent's conversations" })
  assigneeId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Staff only: waiting for an agent with nobody assigned' })
  unassigned?: boolean | null;

  @Field(() => [ConversationStatus], { nullable: true, description: 'Staff only: any of these statuses' })
  statuses?: ConversationStatus[] | null;

  @Field(() => CustomerTierGQL, { nullable: true, description: "Staff only: the customer's tier" })
  tier?: CustomerTierGQL | null;

  @Field(() => EscalationTriggerGQL, { nullable: true, description: 'Staff only: why it went to a person' })
  trigger?: EscalationTriggerGQL | null;

  @Field(() => String, {
    nullable: true,
    description: "Staff only: full-text search (web search syntax) over messages and the customer's name and email",
  })
  search?: string | null;

  @Field(() => ConversationOrderGQL, { nullable: true, defaultValue: 'NEWEST', description: 'Staff only (NEWEST)' })
  orderBy?: ConversationOrderGQL | null;
}
