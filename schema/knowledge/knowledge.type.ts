import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { KbArticleRow } from '../../src/services/kb-articles.service';
import type { SuggestionRow } from '../../src/services/knowledge-store';
import { PageInfo } from '../common/page-info.type';

export enum SuggestionStatusGQL {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(SuggestionStatusGQL, {
  name: 'SuggestionStatus',
  description: 'Where a knowledge suggestion stands',
  valuesConfig: {
    PENDING: { description: 'Waiting for a lead or admin to review it' },
    APPROVED: { description: 'Published as an article (possibly with edits)' },
    REJECTED: { description: 'Refused, with a reason' },
  },
});

@ObjectType('KbArticle', {
  description: 'A published help-center article; `id` is stable across versions and is what AI answers cite',
})
export class KbArticleGQL {
  @Field(() => ID, { description: 'Article id (stable across versions)' }) id: string;
  @Field({ description: 'Current title' }) title: string;
  @Field({ description: 'Current body (Markdown)' }) body: string;
  @Field(() => Int, { description: 'Each edit, approval or import that changes it is the next version' })
  version: number;
  @Field(() => [String], { description: 'Free tags' }) tags: string[];
  @Field(() => [String], { description: 'Product routes the article is about (a retrieval boost)' }) routes: string[];
  @Field({ description: 'When it last changed' }) updatedAt: Date;
  @Field(() => Date, { nullable: true, description: 'Set while archived: kept for history, no longer used by the AI' })
  archivedAt: Date | null;
}

@ObjectType('ReplayConversation', { description: 'A past conversation replayed against a suggested article' })
class ReplayConversationGQL {
  @Field(() => ID, { description: 'A past escalated conversation that the AI would now answer itself' }) id: string;
  @Field(() => Float, { description: "0–1: the AI's confidence on it with the article" }) confidence: number;
}

@ObjectType('SuggestionReplay', {
  description: 'Past escalated conversations re-run (first customer turn) with the draft added',
})
class SuggestionReplayGQL {
  @Field(() => Int, { description: 'Escalated conversations re-run' }) total: number;
  @Field(() => Int, { description: 'How many would now stay with the AI' }) wouldAnswer: number;
  @Field(() => [ReplayConversationGQL], { description: 'The conversations replayed' })
  conversations: ReplayConversationGQL[];
}

@ObjectType('KnowledgeSuggestion', {
  description: 'A KB article drafted from agent answers, waiting for (or past) review',
})
export class KnowledgeSuggestionGQL {
  @Field(() => ID, { description: 'Suggestion id' }) id: string;
  @Field(() => SuggestionStatusGQL, { description: 'Pending review, approved or rejected' })
  status: SuggestionStatusGQL;
  @Field({ description: 'Proposed article title' }) title: string;
  @Field({ description: 'Proposed article body (Markdown)' }) body: string;
  @Field({ description: 'The customer question it answers, as first asked' }) question: string;
  @Field(() => SuggestionReplayGQL, { nullable: true, description: 'Null until the replay has run' })
  replay: SuggestionReplayGQL | null;
  @Field(() => String, {
    nullable: true,
    description: 'Set when the draft revises an existing article instead of adding one',
  })
  revisesArticleId: string | null;
  @Field(() => String, { nullable: true, description: 'The article approval published' }) articleId: string | null;
  @Field(() => String, { description: 'Who approved or rejected it; null while pending', nullable: true }) reviewedBy:
    string | null;
  @Field(() => String, { description: 'Why it was rejected; null unless rejected', nullable: true }) rejectReason:
    string | null;
  @Field(() => Int, { description: 'Reminders sent to reviewers while it waited' }) reminders: number;
  @Field({ description: 'When it was created' }) createdAt: Date;
}

@ObjectType('KnowledgeSuggestionEdge', { description: 'One KnowledgeSuggestion in a page, with its cursor' })
class KnowledgeSuggestionEdgeGQL {
  @Field({ description: 'Opaque position of this item: pass it as `after` to get the items that follow' })
  cursor: string;
  @Field(() => KnowledgeSuggestionGQL, { description: 'The item at this position' }) node: KnowledgeSuggestionGQL;
}

@ObjectType('KnowledgeSuggestionConnection', {
  description:
    'A page of KnowledgeSuggestion items (Relay connection): the edges in order and how to get the next page',
})
export class KnowledgeSuggestionConnectionGQL {
  @Field(() => [KnowledgeSuggestionEdgeGQL], { description: "This page's items, in order" })
  edges: KnowledgeSuggestionEdgeGQL[];
  @Field(() => PageInfo, { description: 'Whether more pages exist and the cursors to ask for them' })
  pageInfo: PageInfo;
}

@InputType('KnowledgeSuggestionEdits', { description: 'The reviewer’s changes; omitted fields keep the draft’s text' })
export class KnowledgeSuggestionEditsGQL {
  @Field(() => String, { description: 'A new title; omit to keep the suggested one', nullable: true }) title?:
    string | null;
  @Field(() => String, { description: 'A new body (Markdown); omit to keep the suggested one', nullable: true }) body?:
    string | null;
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
