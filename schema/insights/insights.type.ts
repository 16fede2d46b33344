import { Field, Int, ObjectType } from 'type-graphql';

/** Example conversations are resolved through the per-request conversation loader (see InsightsResolver). */
@ObjectType('KbGap', {
  description: 'Escalated questions the knowledge base does not cover, asked in more than one conversation',
})
export class KbGapGQL {
  @Field({ description: 'The most representative question of the cluster' })
  label: string;

  @Field(() => Int, { description: 'Conversations that asked it' })
  count: number;

  exampleIds: string[];
}

@ObjectType('RecurringError', {
  description:
    "An error code on the customer's page (the leading token of its error message), seen in two or more conversations",
})
export class RecurringErrorGQL {
  @Field({ description: 'e.g. SF-401' })
  code: string;

  @Field(() => Int, { description: 'Conversations, escalated or not' })
  count: number;

  @Field(() => [String], { description: 'Distinct page routes, ids folded (/dashboards/:id)' })
  routes: string[];

  exampleIds: string[];
}

@ObjectType('HotRoute', { description: 'A product route where conversations start often' })
export class HotRouteGQL {
  @Field({ description: 'Page route with ids folded (/dashboards/:id/edit)' })
  route: string;

  @Field(() => Int, { description: 'Conversations started there' })
  count: number;

  @Field(() => Int, { description: 'Of those, how many reached a person' })
  escalations: number;
}

@ObjectType('AccountAtRisk', { description: 'A customer whose recent conversations suggest they may leave' })
export class AccountAtRiskGQL {
  customerId: string;

  @Field(() => [String], { description: 'Why, in words: repeated frustration, payment failures, many escalations' })
  reasons: string[];
}

@ObjectType('Insights', { description: 'What support conversations say about the product over a window (staff only)' })
export class InsightsGQL {
  @Field({ description: 'Start of the window' })
  from: Date;

  @Field({ description: 'End of the window' })
  to: Date;

  @Field(() => [KbGapGQL], { description: 'Largest first' })
  kbGaps: KbGapGQL[];

  @Field(() => [RecurringErrorGQL], { description: 'Most frequent first' })
  recurringErrors: RecurringErrorGQL[];

  @Field(() => [HotRouteGQL], { description: 'Most conversations first' })
  hotRoutes: HotRouteGQL[];

  @Field(() => [AccountAtRiskGQL], { description: 'Most reasons first' })
  accountsAtRisk: AccountAtRiskGQL[];
}
