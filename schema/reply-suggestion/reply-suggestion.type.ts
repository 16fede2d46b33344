import { Field, Float, ID, ObjectType } from 'type-graphql';
import type { ReplySuggestion } from '../../src/services/reply-suggestion.service';

@ObjectType('ReplySuggestionSource', { description: 'A knowledge-base article a suggested reply rests on' })
export class ReplySuggestionSourceGQL {
  @Field(() => ID, { description: 'The article' })
  id: string;

  @Field({ description: "The article's title" })
  title: string;

  @Field({ description: 'The public page of the article (the link the draft gives the customer)' })
  url: string;

  @Field(() => Float, { description: 'How well the article matched the question, 0 to 1' })
  score: number;
}

@ObjectType('ReplySuggestion', {
  description: 'A draft reply for the agent to edit and send; nothing is sent or stored until the agent sends it',
})
export class ReplySuggestionGQL {
  @Field({ description: 'The draft, written to the customer: a greeting by name, the answer, the articles as links' })
  draft: string;

  @Field(() => [ReplySuggestionSourceGQL], { description: 'The articles the draft cites, best first' })
  sources: ReplySuggestionSourceGQL[];

  @Field(() => Float, { description: "The answerer's confidence in the answer, 0 to 1" })
  confidence: number;

  @Field(() => String, { nullable: true, description: "The customer's message the draft answers; null when none" })
  question: string | null;

  @Field({ description: "Which answerer wrote it: 'local' (the knowledge base) or 'openai' (the model)" })
  by: string;
}

export const toReplySuggestionGQL = (s: ReplySuggestion): ReplySuggestionGQL => ({
  draft: s.draft,
  sources: s.sources.map((x) => ({ id: x.id, title: x.title, url: x.url, score: x.score })),
  confidence: s.confidence,
  question: s.question,
  by: s.by,
});
