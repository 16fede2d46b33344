import { Field, ID, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/page-info.type';

@ObjectType('ReviewDigestSection', { description: 'One section of a digest' })
class ReviewDigestSectionGQL {
  @Field({ description: 'Section heading' }) heading: string;
  @Field(() => [String], { description: "The section's lines, in order" }) lines: string[];
}

@ObjectType('ReviewDigest', { description: 'A weekly support review, as the Schedule sent it (in-app copy)' })
export class ReviewDigestGQL {
  @Field(() => ID, { description: 'Digest id' }) id: string;
  @Field({ description: 'Digest title (includes the week)' }) title: string;
  @Field(() => [ReviewDigestSectionGQL], { description: 'Sections in order' }) sections: ReviewDigestSectionGQL[];
  @Field({ description: 'When it was created' }) createdAt: Date;
}

@ObjectType('ReviewDigestEdge', { description: 'One ReviewDigest in a page, with its cursor' })
class ReviewDigestEdgeGQL {
  @Field({ description: 'Opaque position of this item: pass it as `after` to get the items that follow' })
  cursor: string;
  @Field(() => ReviewDigestGQL, { description: 'The item at this position' }) node: ReviewDigestGQL;
}

@ObjectType('ReviewDigestConnection', {
  description: 'A page of ReviewDigest items (Relay connection): the edges in order and how to get the next page',
})
export class ReviewDigestConnectionGQL {
  @Field(() => [ReviewDigestEdgeGQL], { description: "This page's items, in order" }) edges: ReviewDigestEdgeGQL[];
  @Field(() => PageInfo, { description: 'Whether more pages exist and the cursors to ask for them' })
  pageInfo: PageInfo;
}
