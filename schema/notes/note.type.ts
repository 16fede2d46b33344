import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { InternalNote } from '../../src/services/notes.service';

@ObjectType('InternalNote', { description: 'Staff only: never shown to the customer, never read by the AI' })
export class InternalNoteGQL {
  @Field(() => ID, { description: 'Note id' })
  id: string;

  @Field(() => ID, { description: 'The conversation it is on' })
  conversationId: string;

  @Field({ description: "The author's display name" })
  authorName: string;

  @Field(() => ID, { description: "The author's agent id" })
  authorId: string;

  @Field({ description: 'Note text' })
  body: string;

  @Field({ description: 'When it was created' })
  createdAt: Date;
}

@InputType({ description: 'A note for the team on a conversation' })
export class AddInternalNoteInput {
  @Field(() => ID, { description: 'The conversation to annotate' })
  conversationId: string;

  @Field({ description: 'Note text; never shown to the customer' })
  body: string;

  @Field({ description: 'Idempotency key chosen by the client: the same key stores one note' })
  clientNoteId: string;
}

export const toInternalNoteGQL = (n: InternalNote): InternalNoteGQL => ({ ...n });
