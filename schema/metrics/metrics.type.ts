import { Field, Float, Int, ObjectType } from 'type-graphql';
import { EscalationTriggerGQL, SlaActionGQL } from '../common/enums';

export { CustomerTierGQL } from '../common/enums';

@ObjectType('Percentiles', { description: 'Median and 90th percentile of a duration' })
class PercentilesGQL {
  @Field(() => Float, { description: 'Median in seconds; null when there is no data', nullable: true }) p50:
    number | null;
  @Field(() => Float, { description: '90th percentile in seconds; null when there is no data', nullable: true }) p90:
    number | null;
}

@ObjectType('TriggerCount', { description: 'Escalations caused by one trigger' })
export class TriggerCountGQL {
  @Field(() => EscalationTriggerGQL, { description: 'The trigger' }) trigger: EscalationTriggerGQL;
  @Field(() => Int, { description: 'Escalations it caused' }) count: number;
}

@ObjectType('SlaStepCount', { description: 'How often one SLA ladder action fired' })
class SlaStepCountGQL {
  @Field(() => SlaActionGQL, { description: 'The ladder action' }) action: SlaActionGQL;
  @Field(() => Int, { description: 'Times it fired' }) count: number;
}

@ObjectType('SupportMetrics', { description: 'Support numbers over a window (staff only)' })
export class SupportMetricsGQL {
  @Field(() => Int, { description: 'Conversations started in the window' }) conversations: number;
  @Field(() => Int, { description: 'Resolved by the AI without reaching a person' }) aiResolved: number;
  @Field(() => Float, { description: '0–1: share of resolved conversations the AI resolved alone' })
  aiResolutionRate: number;
  @Field(() => Int, { description: 'Conversations that reached a person' }) escalations: number;
  @Field(() => Float, { description: '0–1: share of conversations that reached a person' }) escalationRate: number;
  @Field(() => [TriggerCountGQL], { description: 'Escalations per trigger, most first' })
  escalationsByTrigger: TriggerCountGQL[];
  @Field(() => PercentilesGQL, { description: 'Escalation → first claim' }) timeToHumanSeconds: PercentilesGQL;
  @Field(() => PercentilesGQL, { description: 'Each wait in the queue → its claim' })
  timeToClaimSeconds: PercentilesGQL;
  @Field(() => [SlaStepCountGQL], { description: 'SLA ladder actions that fired' }) slaSteps: SlaStepCountGQL[];
  @Field(() => Float, {
    description: 'Average CSAT (1–5) of conversations the AI resolved alone; null without ratings',
    nullable: true,
  })
  csatAiOnly: number | null;
  @Field(() => Float, {
    description: 'Average CSAT (1–5) of escalated conversations; null without ratings',
    nullable: true,
  })
  csatAfterEscalation: number | null;
  @Field(() => Int, { description: 'Resolved conversations the customer opened again' }) reopens: number;
}
