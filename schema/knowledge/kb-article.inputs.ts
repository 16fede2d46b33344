import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../common/page-info.type';
import { KbArticleGQL } from './knowledge.type';

@InputType('KbArticleInput', {
  description: 'An article as written in the console; the id is made from the title when absent',
})
export class KbArticleInputGQL {
  @Field(() => String, { nullable: true, description: 'New articles only: 2-64 of a-z, 0-9 and -' }) id?: string | null;
  @Field() title: string;
  @Field({ description: 'Markdown' }) body: string;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
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
});

@ObjectType('KbArticleVersion', { description: 'An article as one version of it was written' })
export class KbArticleVersionGQL {
  @Field(() => Int) version: number;
  @Field() title: string;
  @Field() body: string;
  @Field({ description: 'The agent id, or admin:<id>, or system (seeded)' }) editedBy: string;
  @Field() createdAt: Date;
}

@ObjectType('KbArticleEdge')
class KbArticleEdgeGQL {
  @Field() cursor: string;
  @Field(() => KbArticleGQL) node: KbArticleGQL;
}

@ObjectType('KbArticleConnection')
export class KbArticleConnectionGQL {
  @Field(() => [KbArticleEdgeGQL]) edges: KbArticleEdgeGQL[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@ObjectType('KbImportResult')
export class KbImportResultGQL {
  @Field(() => Int) created: number;
  @Field(() => Int, { description: 'Existing ids: each got its next version' }) updated: number;
  @Field(() => [KbArticleGQL]) articles: KbArticleGQL[];
}
