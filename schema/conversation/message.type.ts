import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { AiAnswerMeta } from '../../domain/conversation';
import type { MessageEntity } from '../../src/db/entities';
import { storedAiMeta } from '../../src/db/json/conversation-json';
import { AuthorKind } from '../common/enums';
import { PageInfo } from '../common/page-info.type';

@ObjectType('AiSource', { description: 'A knowledge-base article an AI answer drew on' })
export class AiSourceGQL {
  @Field(() => ID, { description: 'The knowledge-base article id (stable across versions)' })
  id: string;

  @Field({ description: 'The article title as it was when cited' })
  title: string;
}

@ObjectType('AiAnswer', { description: 'How sure the AI was and what it cited (on AI messages only)' })
export class AiAnswerGQL {
  @Field(() => Float, { description: '0–1: how sure the AI is that the answer is right' })
  confidence: number;

  @Field(() => [AiSourceGQL], { description: 'Best first' })
  sources: AiSourceGQL[];

  @Field(() => Int, {
    nullable: true,
    description:
      'The seq of the customer message this answers. Messages sent while the AI was answering are answered after ' +
      'all of them, each in its own reply: a client shows which question a reply answers when another came between.',
  })
  inReplyToSeq: number | null;
}

@ObjectType('Message', { description: 'One message in a conversation' })
export class MessageGQL {
  @Field(() => ID, { description: 'Message id' })
  id: string;

  @Field(() => Int, { description: 'Position in the conversation, 1-based and gap-free' })
  seq: number;

  @Field(() => ID, { description: 'The conversation it belongs to' })
  conversationId: string;

  @Field(() => AuthorKind, { description: 'Who wrote it' })
  authorKind: AuthorKind;

  @Field({ description: 'Message text' })
  body: string;

  @Field({ description: 'When it was created' })
  createdAt: Date;

  @Field(() => String, { nullable: true, description: "The sender's idempotency key (customer and agent messages)" })
  clientMessageId: string | null;

  @Field(() => AiAnswerGQL, { nullable: true, description: 'Present on AI answers' })
  ai: AiAnswerGQL | null;

  /** Who wrote it (agent or customer id); not a field: see MessageAuthorResolver.authorName. */
  authorId?: string | null;
}

@ObjectType('MessageEdge', { description: 'One Message in a page, with its cursor' })
export class MessageEdgeGQL {
  @Field({ description: 'Opaque position of this item: pass it as `after` to get the items that follow' })
  cursor: string;

  @Field(() => MessageGQL, { description: 'The item at this position' })
  node: MessageGQL;
}

@ObjectType('MessageConnection', {
  description: 'A page of Message items (Relay connection): the edges in order and how to get the next page',
})
export class MessageConnectionGQL {
  @Field(() => [MessageEdgeGQL], { description: "This page's items, in order" })
  edges: MessageEdgeGQL[];

  @Field(() => PageInfo, { description: 'Whether more pages exist and the cursors to ask for them' })
  pageInfo: PageInfo;
}

const aiOf = (ai: AiAnswerMeta | null) =>
  ai
    ? {
        confidence: ai.confidence,
        sources: ai.sources.map((s) => ({ id: s.id, title: s.title })),
        inReplyToSeq: ai.inReplyToSeq ?? null,
      }
    : null;

export function toMessageGQL(m: MessageEntity): MessageGQL {
  return {
    id: m.id,
    seq: m.seq,
    conversationId: m.conversationId,
    authorKind: m.authorKind as AuthorKind,
    body: m.body,
    createdAt: m.createdAt,
    clientMessageId:
      m.authorKind === AuthorKind.CUSTOMER || m.authorKind === AuthorKind.AGENT ? m.clientMessageId : null,
    authorId: m.authorId,
    ai: aiOf(storedAiMeta(m.id, m.ai)),
  };
}
