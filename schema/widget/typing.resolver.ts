import { Arg, Authorized, Ctx, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import type { TypingEvent } from '../../src/events/typing';
import { principalOf, type GraphQLContext } from '../context';
import { toTypingEventGQL, TypingEventGQL } from './typing-event.type';

interface SubscribeData {
  args: { conversationId: string };
  context: GraphQLContext;
}

@Resolver()
export class TypingResolver {
  @Authorized('customer', 'agent')
  @Mutation(() => Boolean, {
    description:
      'Tells the other side of the conversation that the caller is typing (or stopped): ephemeral, nothing is stored. ' +
      'Send it at most every few seconds while typing; the customer on their conversation, the assigned agent on theirs.',
  })
  setTyping(
    @Arg('conversationId', () => ID, { description: 'The conversation you are typing in' }) conversationId: string,
    @Arg('typing', () => Boolean, { description: 'False when you stopped typing', defaultValue: true }) typing: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    return ctx.services.typing.signal(principalOf(ctx), conversationId, typing);
  }

  @Authorized()
  @Subscription(() => TypingEventGQL, {
    description: "The other side's typing in a conversation the caller may read (never the caller's own)",
    subscribe: ({ args, context }: SubscribeData) =>
      context.services.typing.follow(principalOf(context), args.conversationId),
  })
  typingChanged(
    @Arg('conversationId', () => ID, { description: 'The conversation to follow' }) _conversationId: string,
    @Root() e: TypingEvent,
  ): TypingEventGQL {
    return toTypingEventGQL(e);
  }
}
