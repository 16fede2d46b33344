import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { InternalNote } from '../../src/services/notes.service';

@ObjectType('InternalNote', { description: 'Staff only: never shown to the customer, never read by the AI' })
export class InternalNoteGQL {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  conversationId: string;

  @Field()
  authorName: string;

  @Field(() => ID)
  authorId: string;

  @Field()
  body: string;

  @Field()
  createdAt: Date;
}

@InputType()
export class AddInternalNoteInput {
  @Field(() => ID)
  conversationId: string;

  @Field()
  body: string;

  @Field({ description: 'Idempotency key chosen by the client: the same key stores one note' })
  clientNoteId: string;
}

export const toInternalNoteGQL = (n: InternalNote): InternalNoteGQL => ({ ...n });
