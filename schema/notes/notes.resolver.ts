import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { noteTopic } from '../../src/events/hub';
import { isStaff, requireStaff } from '../../src/services/agents.service';
import type { InternalNote } from '../../src/services/notes.service';
import { principalOf, type GraphQLContext } from '../context';
import { ConversationGQL } from '../conversation/conversation.type';
import { AddInternalNoteInput, InternalNoteGQL, toInternalNoteGQL } from './note.type';

interface SubscribeData {
  args: { conversationId: string };
  context: GraphQLContext;
}

/** Internal notes, and the staff-only fields of a conversation the console shows beside them. */
@Resolver(() => ConversationGQL)
export class NotesResolver {
  @Authorized('agent', 'admin')
  @Mutation(() => InternalNoteGQL, {
    description:
      'Staff: a note on the conversation that customers never see and the AI never reads as customer text; in the handoff',
  })
  async addInternalNote(
    @Arg('input', { description: 'The conversation and the text' }) input: AddInternalNoteInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<InternalNoteGQL> {
    return toInternalNoteGQL(await ctx.services.notes.add(principalOf(ctx), input));
  }

  @Authorized('agent', 'admin')
  @Subscription(() => InternalNoteGQL, {
    description: 'Internal notes added to a conversation (staff)',
    subscribe: async ({ args, context }: SubscribeData) => {
      const p = principalOf(context);
      // Subscribe functions run before @Authorized: the role is checked here too.
      requireStaff(p);
      await context.services.conversations.getConversation(p, args.conversationId);
      return context.services.events.notes.subscribe(noteTopic(args.conversationId));
    },
  })
  internalNoteAdded(
    @Arg('conversationId', () => ID, { description: 'The conversation to follow' }) _conversationId: string,
    @Root() note: InternalNote,
  ): InternalNoteGQL {
    return toInternalNoteGQL(note);
  }

  @FieldResolver(() => [InternalNoteGQL], {
    nullable: true,
    description: 'Internal notes, oldest first (staff; null for customers)',
  })
  async notes(@Root() c: ConversationGQL, @Ctx() ctx: GraphQLContext): Promise<InternalNoteGQL[] | null> {
    if (!isStaff(principalOf(ctx))) return null;
    return (await ctx.loaders.notes.load(c.id)).map(toInternalNoteGQL);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The conversation's workflow in the Temporal UI (staff; null for customers)",
  })
  temporalUiUrl(@Root() c: ConversationGQL, @Ctx() ctx: GraphQLContext): string | null {
    return isStaff(principalOf(ctx)) ? ctx.services.conversations.temporalUiUrl(c.workflowId) : null;
  }
}
