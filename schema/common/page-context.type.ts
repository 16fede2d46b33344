import { Field, InputType, ObjectType } from 'type-graphql';

/** The page the widget is on: lets the AI answer "why is this failing?" with the error the customer sees. */
@ObjectType('PageContext')
export class PageContextGQL {
  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => String, { nullable: true })
  route?: string | null;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  errorMessage?: string | null;
}

@InputType()
export class PageContextInput {
  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => String, { nullable: true })
  route?: string | null;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  errorMessage?: string | null;
}
