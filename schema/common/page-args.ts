import { ArgsType, Field, Int } from 'type-graphql';

/** `first` and `after` of every connection; a list with more arguments extends it (its own come after these). */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { description: 'How many items to return; at most 100', nullable: true })
  first?: number | null;

  @Field(() => String, {
    description: 'A cursor from the previous page (pageInfo.endCursor); omit for the first page',
    nullable: true,
  })
  after?: string | null;
}
