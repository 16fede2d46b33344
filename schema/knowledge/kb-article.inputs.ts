import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../common/page-info.type';
import { KbArticleGQL } from './knowledge.type';

@InputType('KbArticleInput', {
  description: 'An article as written in the console; the id is made from the title when absent',
})
export class KbArticleInputGQL {
  @Field(() => String, { nullable: true, description: 'New articles only: 2-64 of a-z, 0-9 and -' }) id?: string | null;
  @Field({ description: 'Article title' }) title: string;
  @Field({ description: 'Markdown' }) body: string;
  @Field(() => [String], { description: 'Free tags; omit for none (on update, omit to keep them)', nullable: true })
  tags?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Product routes such as /dashboards/:id' })
  routes?: string[] | null;
}

export enum KbImportFormatGQL {
  MARKDOWN = 'MARKDOWN',
  JSON = 'JSON',
}
registerEnumType(KbImportFormatGQL, {
  name: 'KbImportFormat',
  description:
    'MARKDOWN: one article per "# Title" heading (Tags:, Routes:, Id: lines under it); JSON: a list of articles',
  valuesConfig: {
    MARKDOWN: { description: 'One article per "# Title" heading' },
    JSON: { description: 'A JSON array of articles (title, body, tags, routes, id)' },
  },
});

@ObjectType('KbArticleVersion', { description: 'An article as one version of it was written' })
export class KbArticleVersionGQL {
  @Field(() => Int, { description: 'Version number, 1 for the first' }) version: number;
  @Field({ description: 'Title in this version' }) title: string;
  @Field({ description: 'Body in this version (Markdown)' }) body: string;
  @Field({ description: 'The agent id, or admin:<id>, or system (seeded)' }) editedBy: string;
  @Field({ description: 'When it was created' }) createdAt: Date;
}

@ObjectType('KbArticleEdge', { description: 'One KbArticle in a page, with its cursor' })
class KbArticleEdgeGQL {
  @Field({ description: 'Opaque position of this item: pass it as `after` to get the items that follow' })
  cursor: string;
  @Field(() => KbArticleGQL, { description: 'The item at this position' }) node: KbArticleGQL;
}

@ObjectType('KbArticleConnection', {
  description: 'A page of KbArticle items (Relay connection): the edges in order and how to get the next page',
})
export class KbArticleConnectionGQL {
  @Field(() => [KbArticleEdgeGQL], { description: "This page's items, in order" }) edges: KbArticleEdgeGQL[];
  @Field(() => PageInfo, { description: 'Whether more pages exist and the cursors to ask for them' })
  pageInfo: PageInfo;
}

@ObjectType('KbImportResult', { description: 'What an import did' })
export class KbImportResultGQL {
  @Field(() => Int, { description: 'Articles created' }) created: number;
  @Field(() => Int, { description: 'Existing ids: each got its next version' }) updated: number;
  @Field(() => [KbArticleGQL], { description: 'Every article created or updated' }) articles: KbArticleGQL[];
}
