import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { GraphQLContext } from '../context';
import { principalOf } from '../context';
import { PageArgs } from '../common/page-args';
import { connectionOf } from '../common/page-info.type';
import { ConversationConnectionGQL, ConversationGQL, toConversationGQL } from './conversation.type';
import { ConversationCountsGQL } from './conversation-counts.type';
import { ConversationFilterInput, SendMessageInput, StartConversationInput } from './conversation.inputs';
import { CustomerGQL, toCustomerGQL } from './customer.type';
import { MessageConnectionGQL, MessageGQL, toMessageGQL } from './message.type';
import { AgentGQL, toAgentGQL } from '../agent/agent.type';
import { EscalationGQL, HandoffGQL, QueueInfoGQL, SlaGQL } from '../escalation/escalation.type';
import { messageWindow } from '../../src/services/conversation-batch-reads';
import { ConversationContextGQL, toContextGQL } from './context.type';
import { storedConversation } from '../../src/db/json/conversation-json';

@ArgsType()
class ConversationsArgs extends PageArgs {
  @Field(() => ConversationFilterInput, { description: 'Narrow the list; omit for all you may see', nullable: true })
  filter?: ConversationFilterInput | null;
}

@ArgsType()
class MessagesArgs extends PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: 'Only messages after this seq: how a reconnecting client back-fills',
  })
  afterSeq?: number | null;
}

@Resolver(() => ConversationGQL)
export class ConversationResolver {
  @Authorized()
  @Query(() => ConversationGQL, { nullable: true, description: 'A conversation; a customer sees only their own' })
  async conversation(
    @Arg('id', () => ID, { description: 'Conversation id' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ConversationGQL | null> {
    const c = await ctx.services.conversations.findConversation(principalOf(ctx), id);
    return c ? toConversationGQL(c) : null;
  }

  @Authorized()
  @Query(() => ConversationConnectionGQL, {
    description:
      'Newest first (staff may order by SLA deadline and use the team filters); customers see their own only',
  })
  async conversations(@Args() args: ConversationsArgs, @Ctx() ctx: GraphQLContext): Promise<ConversationConnectionGQL> {
    const page = await ctx.services.conversations.listConversations(
      principalOf(ctx),
      args.filter ?? {},
      args.first,
      args.after,
    );
    return connectionOf(page, toConversationGQL);
  }

  @Authorized('agent', 'admin')
  @Query(() => ConversationCountsGQL, { description: 'Counts for the inbox views (staff)' })
  conversationCounts(@Ctx() ctx: GraphQLContext): Promise<ConversationCountsGQL> {
    return ctx.services.conversations.counts(principalOf(ctx));
  }

  @Authorized('customer')
  @Mutation(() => ConversationGQL, {
    description: 'Opens a conversation with its first message; the AI answers on messageAdded',
  })
  async startConversation(
    @Arg('input', { description: 'The first message and where the customer is' }) input: StartConversationInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ConversationGQL> {
    return toConversationGQL(await ctx.services.conversations.startConversation(principalOf(ctx), input));
  }

  @Authorized()
  @Mutation(() => MessageGQL, { description: 'Answers once the message is stored; the reply follows on messageAdded' })
  async sendMessage(
    @Arg('input', { description: 'The conversation and the text' }) input: SendMessageInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<MessageGQL> {
    const p = principalOf(ctx);
    if (p.role === 'agent')
      return toMessageGQL(await ctx.services.desk.reply(p, input.conversationId, input.body, input.clientMessageId));
    return toMessageGQL(await ctx.services.conversations.sendMessage(p, input));
  }

  @Authorized()
  @Mutation(() => ConversationGQL, { description: 'Ends the conversation for good; no more messages are accepted' })
  async closeConversation(
    @Arg('conversationId', () => ID, { description: 'The conversation to close' }) conversationId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ConversationGQL> {
    return toConversationGQL(await ctx.services.conversations.closeConversation(principalOf(ctx), conversationId));
  }

  @Authorized('customer')
  @Mutation(() => ConversationGQL, {
    description: 'The "talk to a person" button; a conversation already with a person is returned unchanged',
  })
  async requestHuman(
    @Arg('conversationId', () => ID, { description: 'Your conversation with the AI' }) conversationId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ConversationGQL> {
    return toConversationGQL(await ctx.services.conversations.requestHuman(principalOf(ctx), conversationId));
  }

  @Authorized('customer')
  @Mutation(() => ConversationGQL, { description: '"That solved it": ends an AI conversation as resolved by the AI' })
  async confirmResolved(
    @Arg('conversationId', () => ID, { description: 'Your conversation with the AI' }) conversationId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ConversationGQL> {
    return toConversationGQL(await ctx.services.conversations.confirmResolved(principalOf(ctx), conversationId));
  }

  @Authorized('customer')
  @Mutation(() => ConversationGQL, { description: 'CSAT 1–5, once, after resolution; a second rating is CONFLICT' })
  async rateConversation(
    @Arg('conversationId', () => ID, { description: 'Your resolved conversation' }) conversationId: string,
    @Arg('score', () => Int, { description: '1 (bad) to 5 (great)' }) score: number,
    @Arg('comment', () => String, { description: 'Optional words to go with the score', nullable: true })
    comment: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ConversationGQL> {
    return toConversationGQL(await ctx.services.conversations.rate(principalOf(ctx), conversationId, score, comment));
  }

  @FieldResolver(() => AgentGQL, {
    nullable: true,
    description: 'The agent who owns the conversation now (agents and admins; null for customers: see assigneeName)',
  })
  async assignee(@Root() c: ConversationGQL, @Ctx() ctx: GraphQLContext): Promise<AgentGQL | null> {
    if (isCustomer(ctx)) return null;
    const a = c.assigneeId ? await ctx.loaders.agent.load(c.assigneeId) : null;
    return a ? toAgentGQL(a) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The display name of the agent who owns the conversation now (what a customer sees of them)',
  })
  async assigneeName(@Root() c: ConversationGQL, @Ctx() ctx: GraphQLContext): Promise<string | null> {
    const a = c.assigneeId ? await ctx.loaders.agent.load(c.assigneeId) : null;
    return a?.name ?? null;
  }

  // Escalation evidence, sentiment and the SLA ladder are the team's business, not the customer's.
  @FieldResolver({
    description: 'Why and how it reached a person; null before escalation and always null for customers',
  })
  escalation(@Root() c: ConversationGQL, @Ctx() ctx: GraphQLContext): EscalationGQL | null {
    return isCustomer(ctx) ? null : c.escalation;
  }

  @FieldResolver({
    description:
      'The SLA clock and its ladder while waiting for an agent; null when none applies and always for customers',
  })
  sla(@Root() c: ConversationGQL, @Ctx() ctx: GraphQLContext): SlaGQL | null {
    return isCustomer(ctx) ? null : c.sla;
  }

  @FieldResolver(() => QueueInfoGQL, {
    nullable: true,
    description: 'While waiting for an agent: place in line and an estimate',
  })
  async queue(@Root() c: ConversationGQL, @Ctx() ctx: GraphQLContext): Promise<QueueInfoGQL | null> {
    if (c.status !== 'AWAITING_AGENT') return null;
    // The event hub computes it for every waiting subscriber at once when the queue moves.
    if (c.queueSnapshot !== undefined) return c.queueSnapshot;
    return ctx.loaders.queue.load(c.id);
  }

  @FieldResolver(() => HandoffGQL, {
    nullable: true,
    description: 'What the agent needs to start without asking again (agents and admins; null for customers)',
  })
  handoff(@Root() c: ConversationGQL, @Ctx() ctx: GraphQLContext): HandoffGQL | null {
    return principalOf(ctx).role === 'customer' ? null : storedConversation.handoff(c.id, c.handoffData);
  }

  @FieldResolver(() => ConversationContextGQL, {
    nullable: true,
    description: 'Account, billing, CRM and history gathered before the first answer (agents and admins)',
  })
  context(@Root() c: ConversationGQL, @Ctx() ctx: GraphQLContext): ConversationContextGQL | null {
    if (principalOf(ctx).role === 'customer') return null;
    const context = storedConversation.context(c.id, c.contextData);
    return context && toContextGQL(context);
  }

  @FieldResolver(() => CustomerGQL, { description: 'The customer who started it' })
  async customer(@Root() c: ConversationGQL, @Ctx() ctx: GraphQLContext): Promise<CustomerGQL> {
    const customer = await ctx.loaders.customer.load(c.customerId);
    if (!customer) throw new Error(`customer ${c.customerId} of conversation ${c.id} is missing`);
    return toCustomerGQL(customer);
  }

  @FieldResolver(() => MessageConnectionGQL, {
    description: 'Messages oldest first, as a connection; use afterSeq to catch up after a reconnect',
  })
  async messages(
    @Root() c: ConversationGQL,
    @Args() args: MessagesArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<MessageConnectionGQL> {
    const page = await ctx.loaders.messages.load(messageWindow(c.id, args.first, args.after, args.afterSeq));
    return connectionOf(page, toMessageGQL);
  }
}

const isCustomer = (ctx: GraphQLContext) => principalOf(ctx).role === 'customer';
