import { Field, InputType, ObjectType } from 'type-graphql';

/**
 * The page the widget is on: lets the AI answer "why is this failing?" with the error the customer sees. One class
 * serves as the output type and as the input type (PageContextInput).
 */
@ObjectType('PageContext', { description: 'Where in the product the customer was: the page the widget ran on' })
@InputType('PageContextInput', {
  description: 'Where in the product the customer is, as the widget reports it; every field optional',
})
export class PageContextGQL {
  @Field(() => String, { description: 'Full page URL', nullable: true })
  url?: string | null;

  @Field(() => String, {
    description: 'The app route with ids (e.g. /dashboards/42/edit); folded into patterns for insights',
    nullable: true,
  })
  route?: string | null;

  @Field(() => String, { description: 'The page title', nullable: true })
  title?: string | null;

  @Field(() => String, {
    description: 'An error message the page showed, if any (helps the AI and the agent)',
    nullable: true,
  })
  errorMessage?: string | null;
}
