import { Arg, Authorized, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { MessageEntity } from '../../src/db/entities';
import { conversationTopic, messageTopic, type ConversationEvent } from '../../src/events/hub';
import { principalOf, type GraphQLContext } from '../context';
import { ConversationGQL, toConversationGQL } from './conversation.type';
import { MessageGQL, toMessageGQL } from './message.type';

interface SubscribeData {
  args: { conversationId: string };
  context: GraphQLContext;
}

@Resolver()
export class ConversationSubscriptions {
  @Authorized()
  @Subscription(() => MessageGQL, {
    description: 'Every message stored in the conversation, in order; back-fill gaps with messages(afterSeq)',
    subscribe: async ({ args, context }: SubscribeData) => {
      // Authorise before subscribing: another customer's conversation answers NOT_FOUND.
      await context.services.conversations.getConversation(principalOf(context), args.conversationId);
      return context.services.events.messages.subscribe(messageTopic(args.conversationId));
    },
  })
  messageAdded(@Arg('conversationId', () => ID) _conversationId: string, @Root() message: MessageEntity): MessageGQL {
    return toMessageGQL(message);
  }

  @Authorized()
  @Subscription(() => ConversationGQL, {
    description: 'The conversation after each change of its status or context',
    subscribe: async ({ args, context }: SubscribeData) => {
      await context.services.conversations.getConversation(principalOf(context), args.conversationId);
      return context.services.events.conversations.subscribe(conversationTopic(args.conversationId));
    },
  })
  conversationUpdated(
    @Arg('conversationId', () => ID) _conversationId: string,
    @Root() conversation: ConversationEvent,
  ): ConversationGQL {
    return toConversationGQL(conversation);
  }
}
