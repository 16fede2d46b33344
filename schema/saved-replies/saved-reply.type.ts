import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { SavedReply } from '../../src/services/saved-replies.service';
import { PageInfo } from '../common/page-info.type';

@ObjectType('SavedReply', {
  description: 'A saved reply (macro): shared with every agent, or personal to its owner',
})
export class SavedReplyGQL {
  @Field(() => ID, { description: 'The saved reply' })
  id: string;

  @Field({ description: 'What agents pick it by' })
  title: string;

  @Field({
    description: 'The text, with placeholders: {customer.name}, {customer.firstName}, {customer.company}, {agent.name}',
  })
  body: string;

  @Field({ description: 'Shared with every agent (managed by leads and admins), else personal to its owner' })
  shared: boolean;

  @Field(() => ID, { nullable: true, description: 'The agent a personal saved reply belongs to; null when shared' })
  ownerId: string | null;

  @Field({ description: 'When it was last changed' })
  updatedAt: Date;
}

@ObjectType('SavedReplyEdge', { description: 'A saved reply in a list' })
export class SavedReplyEdgeGQL {
  @Field({ description: 'Its place in the list' })
  cursor: string;

  @Field(() => SavedReplyGQL, { description: 'The saved reply' })
  node: SavedReplyGQL;
}

@ObjectType('SavedReplyConnection', { description: 'Saved replies: shared ones first, then personal ones, by title' })
export class SavedReplyConnectionGQL {
  @Field(() => [SavedReplyEdgeGQL], { description: 'The saved replies (at most 200)' })
  edges: SavedReplyEdgeGQL[];

  @Field(() => PageInfo, { description: 'Always one page' })
  pageInfo: PageInfo;
}

@InputType('SavedReplyInput', { description: 'A saved reply to create or change' })
export class SavedReplyInput {
  @Field({ description: '1 to 120 characters' })
  title: string;

  @Field({ description: '1 to 5000 characters; placeholders are filled when rendered' })
  body: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Shared with every agent (leads and admins only); default personal. Ignored when updating',
  })
  shared?: boolean | null;
}

export const toSavedReplyGQL = (r: SavedReply): SavedReplyGQL => ({
  id: r.id,
  title: r.title,
  body: r.body,
  shared: r.ownerId === null,
  ownerId: r.ownerId,
  updatedAt: r.updatedAt,
});
