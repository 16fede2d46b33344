import { Field, InputType } from 'type-graphql';

@InputType()
export class ResolutionInput {
  @Field()
  summary: string;

  @Field(() => String, { nullable: true })
  category?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Worth a knowledge-base article' })
  kbWorthy?: boolean | null;
}
