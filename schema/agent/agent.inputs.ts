import { Field, InputType } from 'type-graphql';

@InputType({ description: 'How an agent closes a conversation as solved' })
export class ResolutionInput {
  @Field({ description: 'What fixed it, in a sentence or two; kept for reports and the knowledge base' })
  summary: string;

  @Field(() => String, {
    description: 'Free-text category for reporting (e.g. billing, bug); null when none fits',
    nullable: true,
  })
  category?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Worth a knowledge-base article' })
  kbWorthy?: boolean | null;
}
