import { Arg, Authorized, ID, Int, Resolver, Root, Subscription } from 'type-graphql';
import type { MessageEntity } from '../../src/db/entities';
import { conversationTopic, messageTopic, type ConversationEvent } from '../../src/events/hub';
import { replayThenLive } from '../../src/events/replay-then-live';
import { principalOf, type GraphQLContext } from '../context';
import { ConversationGQL, toConversationGQL } from './conversation.type';
import { MessageGQL, toMessageGQL } from './message.type';

interface SubscribeData {
  args: { conversationId: string; afterSeq?: number | null };
  context: GraphQLContext;
}

/** Every message stored after `afterSeq`, in order (page by page: a long gap is read in full). */
async function storedAfter(
  context: GraphQLContext,
  conversationId: string,
  afterSeq: number,
): Promise<MessageEntity[]> {
  const out: MessageEntity[] = [];
  for (let from = afterSeq; ;) {
    const page = await context.services.conversations.listMessages(conversationId, 100, null, from);
    out.push(...page.nodes.map((n) => n.node));
    if (!page.hasNextPage || page.nodes.length === 0) return out;
    from = out[out.length - 1].seq;
  }
}

@Resolver()
export class ConversationSubscriptions {
  @Authorized()
  @Subscription(() => MessageGQL, {
    description:
      'Every message stored in the conversation, in order. With afterSeq, first those stored after it, then live ones, ' +
      'each once: nothing committed between a back-fill and the subscription is missed',
    subscribe: async ({ args, context }: SubscribeData) => {
      // Authorise before subscribing: another customer's conversation answers NOT_FOUND.
      await context.services.conversations.getConversation(principalOf(context), args.conversationId);
      const live = context.services.events.messages.subscribe(messageTopic(args.conversationId));
      const afterSeq = args.afterSeq;
      if (afterSeq === null || afterSeq === undefined) return live;
      return replayThenLive(
        live,
        () => storedAfter(context, args.conversationId, afterSeq),
        (m) => m.seq,
      );
    },
  })
  messageAdded(
    @Arg('conversationId', () => ID, { description: 'The conversation to follow; you must be able to see it' })
    _conversationId: string,
    @Root() message: MessageEntity,
    @Arg('afterSeq', () => Int, {
      nullable: true,
      description: 'The last seq the client holds: messages after it are given first',
    })
    _afterSeq?: number | null,
  ): MessageGQL {
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
    @Arg('conversationId', () => ID, { description: 'The conversation to follow; you must be able to see it' })
    _conversationId: string,
    @Root() conversation: ConversationEvent,
  ): ConversationGQL {
    return toConversationGQL(conversation);
  }
}
