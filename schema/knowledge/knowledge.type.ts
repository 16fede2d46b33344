import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { KbArticleRow } from '../../src/services/kb-articles.service';
import type { SuggestionRow } from '../../src/services/knowledge-store';
import { PageInfo } from '../common/page-info.type';

export enum SuggestionStatusGQL {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(SuggestionStatusGQL, { name: 'SuggestionStatus' });

@ObjectType('KbArticle', {
  description: 'A published help-center article; `id` is stable across versions and is what AI answers cite',
})
export class KbArticleGQL {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field() body: string;
  @Field(() => Int, { description: 'Each edit, approval or import that changes it is the next version' })
  version: number;
  @Field(() => [String]) tags: string[];
  @Field(() => [String], { description: 'Product routes the article is about (a retrieval boost)' }) routes: string[];
  @Field() updatedAt: Date;
  @Field(() => Date, { nullable: true, description: 'Set while archived: kept for history, no longer used by the AI' })
  archivedAt: Date | null;
}

@ObjectType('ReplayConversation')
class ReplayConversationGQL {
  @Field(() => ID, { description: 'A past escalated conversation that the AI would now answer itself' }) id: string;
  @Field(() => Float) confidence: number;
}

@ObjectType('SuggestionReplay', {
  description: 'Past escalated conversations re-run (first customer turn) with the draft added',
})
class SuggestionReplayGQL {
  @Field(() => Int, { description: 'Escalated conversations re-run' }) total: number;
  @Field(() => Int, { description: 'How many would now stay with the AI' }) wouldAnswer: number;
  @Field(() => [ReplayConversationGQL]) conversations: ReplayConversationGQL[];
}

@ObjectType('KnowledgeSuggestion', {
  description: 'A KB article drafted from agent answers, waiting for (or past) review',
})
export class KnowledgeSuggestionGQL {
  @Field(() => ID) id: string;
  @Field(() => SuggestionStatusGQL) status: SuggestionStatusGQL;
  @Field() title: string;
  @Field() body: string;
  @Field({ description: 'The customer question it answers, as first asked' }) question: string;
  @Field(() => SuggestionReplayGQL, { nullable: true, description: 'Null until the replay has run' })
  replay: SuggestionReplayGQL | null;
  @Field(() => String, {
    nullable: true,
    description: 'Set when the draft revises an existing article instead of adding one',
  })
  revisesArticleId: string | null;
  @Field(() => String, { nullable: true, description: 'The article approval published' }) articleId: string | null;
  @Field(() => String, { nullable: true }) reviewedBy: string | null;
  @Field(() => String, { nullable: true }) rejectReason: string | null;
  @Field(() => Int, { description: 'Reminders sent to reviewers while it waited' }) reminders: number;
  @Field() createdAt: Date;
}

@ObjectType('KnowledgeSuggestionEdge')
class KnowledgeSuggestionEdgeGQL {
  @Field() cursor: string;
  @Field(() => KnowledgeSuggestionGQL) node: KnowledgeSuggestionGQL;
}

@ObjectType('KnowledgeSuggestionConnection')
export class KnowledgeSuggestionConnectionGQL {
  @Field(() => [KnowledgeSuggestionEdgeGQL]) edges: KnowledgeSuggestionEdgeGQL[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@InputType('KnowledgeSuggestionEdits', { description: 'The reviewer’s changes; omitted fields keep the draft’s text' })
export class KnowledgeSuggestionEditsGQL {
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) body?: string | null;
}

export function toSuggestionGQL(s: SuggestionRow): KnowledgeSuggestionGQL {
  return {
    id: s.id,
    status: s.status as SuggestionStatusGQL,
    title: s.title,
    body: s.body,
    question: s.question,
    replay: s.replay,
    revisesArticleId: s.targetArticleId,
    articleId: s.articleId,
    reviewedBy: s.reviewedBy,
    rejectReason: s.rejectReason,
    reminders: s.reminders,
    createdAt: new Date(s.createdAt),
  };
}

export const toArticleGQL = (a: KbArticleRow): KbArticleGQL => ({
  id: a.id,
  title: a.title,
  body: a.body,
  version: a.version,
  tags: a.tags,
  routes: a.routes,
  updatedAt: a.updatedAt,
  archivedAt: a.archivedAt,
});
