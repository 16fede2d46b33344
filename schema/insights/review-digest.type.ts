import { Field, ID, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/page-info.type';

@ObjectType('ReviewDigestSection')
class ReviewDigestSectionGQL {
  @Field() heading: string;
  @Field(() => [String]) lines: string[];
}

@ObjectType('ReviewDigest', { description: 'A weekly support review, as the Schedule sent it (in-app copy)' })
export class ReviewDigestGQL {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field(() => [ReviewDigestSectionGQL]) sections: ReviewDigestSectionGQL[];
  @Field() createdAt: Date;
}

@ObjectType('ReviewDigestEdge')
class ReviewDigestEdgeGQL {
  @Field() cursor: string;
  @Field(() => ReviewDigestGQL) node: ReviewDigestGQL;
}

@ObjectType('ReviewDigestConnection')
export class ReviewDigestConnectionGQL {
  @Field(() => [ReviewDigestEdgeGQL]) edges: ReviewDigestEdgeGQL[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}
