import { Field, Float, Int, ObjectType } from 'type-graphql';
import { EscalationTriggerGQL, SlaActionGQL } from '../common/enums';

export { CustomerTierGQL } from '../common/enums';

@ObjectType('Percentiles')
class PercentilesGQL {
  @Field(() => Float, { nullable: true }) p50: number | null;
  @Field(() => Float, { nullable: true }) p90: number | null;
}

@ObjectType('TriggerCount')
export class TriggerCountGQL {
  @Field(() => EscalationTriggerGQL) trigger: EscalationTriggerGQL;
  @Field(() => Int) count: number;
}

@ObjectType('SlaStepCount')
class SlaStepCountGQL {
  @Field(() => SlaActionGQL) action: SlaActionGQL;
  @Field(() => Int) count: number;
}

@ObjectType('SupportMetrics')
export class SupportMetricsGQL {
  @Field(() => Int, { description: 'Conversations started in the window' }) conversations: number;
  @Field(() => Int, { description: 'Resolved by the AI without reaching a person' }) aiResolved: number;
  @Field(() => Float) aiResolutionRate: number;
  @Field(() => Int, { description: 'Conversations that reached a person' }) escalations: number;
  @Field(() => Float) escalationRate: number;
  @Field(() => [TriggerCountGQL]) escalationsByTrigger: TriggerCountGQL[];
  @Field(() => PercentilesGQL, { description: 'Escalation → first claim' }) timeToHumanSeconds: PercentilesGQL;
  @Field(() => PercentilesGQL, { description: 'Each wait in the queue → its claim' })
  timeToClaimSeconds: PercentilesGQL;
  @Field(() => [SlaStepCountGQL]) slaSteps: SlaStepCountGQL[];
  @Field(() => Float, { nullable: true }) csatAiOnly: number | null;
  @Field(() => Float, { nullable: true }) csatAfterEscalation: number | null;
  @Field(() => Int) reopens: number;
}
