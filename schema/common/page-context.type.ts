import { Field, InputType, ObjectType } from 'type-graphql';

/**
 * The page the widget is on: lets the AI answer "why is this failing?" with the error the customer sees. One class
 * serves as the output type and as the input type (PageContextInput).
 */
@ObjectType('PageContext')
@InputType('PageContextInput')
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
