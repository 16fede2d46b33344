import { Field, ID, ObjectType } from 'type-graphql';
import type { TypingEvent } from '../../src/events/typing';
import { AuthorKind } from '../common/enums';

@ObjectType('TypingEvent', { description: 'The other side started or stopped typing (ephemeral, never stored)' })
export class TypingEventGQL {
  @Field(() => ID, { description: 'The conversation' })
  conversationId: string;

  @Field(() => AuthorKind, { description: 'CUSTOMER or AGENT' })
  authorKind: AuthorKind;

  @Field(() => String, { nullable: true, description: 'Display name of who is typing' })
  name: string | null;

  @Field({ description: 'False when they stopped; a client also stops showing it a few seconds after the last true' })
  typing: boolean;

  @Field({ description: 'When it changed' })
  at: Date;
}

export function toTypingEventGQL(e: TypingEvent): TypingEventGQL {
  return {
    conversationId: e.conversationId,
    authorKind: e.authorKind as AuthorKind,
    name: e.name,
    typing: e.typing,
    at: new Date(e.at),
  };
}
