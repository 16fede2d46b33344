import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { AiAnswerMeta } from '../../domain/conversation';
import type { MessageEntity } from '../../src/db/entities';
import { storedAiMeta } from '../../src/db/json/conversation-json';
import { AuthorKind } from '../common/enums';
import { PageInfo } from '../common/page-info.type';

@ObjectType('AiSource')
export class AiSourceGQL {
  @Field(() => ID, { description: 'The knowledge-base article id (stable across versions)' })
  id: string;

  @Field()
  title: string;
}

@ObjectType('AiAnswer')
export class AiAnswerGQL {
  @Field(() => Float, { description: '0–1: how sure the AI is that the answer is right' })
  confidence: number;

  @Field(() => [AiSourceGQL], { description: 'Best first' })
  sources: AiSourceGQL[];
}

@ObjectType('Message')
export class MessageGQL {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'Position in the conversation, 1-based and gap-free' })
  seq: number;

  @Field(() => ID)
  conversationId: string;

  @Field(() => AuthorKind)
  authorKind: AuthorKind;

  @Field()
  body: string;

  @Field()
  createdAt: Date;

  @Field(() => String, { nullable: true, description: "The sender's idempotency key (customer and agent messages)" })
  clientMessageId: string | null;

  @Field(() => AiAnswerGQL, { nullable: true, description: 'Present on AI answers' })
  ai: AiAnswerGQL | null;

  /** Who wrote it (agent or customer id); not a field: see MessageAuthorResolver.authorName. */
  authorId?: string | null;
}

@ObjectType('MessageEdge')
export class MessageEdgeGQL {
  @Field()
  cursor: string;

  @Field(() => MessageGQL)
  node: MessageGQL;
}

@ObjectType('MessageConnection')
export class MessageConnectionGQL {
  @Field(() => [MessageEdgeGQL])
  edges: MessageEdgeGQL[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

const aiOf = (ai: AiAnswerMeta | null) =>
  ai ? { confidence: ai.confidence, sources: ai.sources.map((s) => ({ id: s.id, title: s.title })) } : null;

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
