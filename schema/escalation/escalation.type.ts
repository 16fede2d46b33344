import { Field, Float, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import type { EscalationRecord, SlaCycle } from '../../workflows/conversation/conversation.messages';
import { EscalationTriggerGQL, SlaActionGQL } from '../common/enums';
import { PageContextGQL } from '../common/page-context.type';

@ObjectType('TriggerEvaluation')
export class TriggerEvaluationGQL {
  @Field(() => EscalationTriggerGQL)
  kind: EscalationTriggerGQL;

  @Field()
  fired: boolean;

  @Field(() => Float, { nullable: true })
  score: number | null;

  @Field(() => Float, { nullable: true })
  threshold: number | null;

  @Field(() => String, { nullable: true, description: 'In words a person reads' })
  evidence: string | null;
}

@ObjectType('Escalation')
export class EscalationGQL {
  @Field(() => EscalationTriggerGQL, { description: 'The deciding trigger' })
  reason: EscalationTriggerGQL;

  @Field(() => String, {
    nullable: true,
    description: 'The always-human category (as spelled in the policy) when that decided',
  })
  category: string | null;

  @Field(() => [TriggerEvaluationGQL], { description: 'Every trigger as evaluated on the deciding turn' })
  triggers: TriggerEvaluationGQL[];

  @Field(() => Float, { nullable: true })
  confidence: number | null;

  @Field(() => Float, { nullable: true, description: '-1 (very negative) to 0' })
  sentiment: number | null;

  @Field(() => Int)
  policyVersion: number;

  @Field()
  at: Date;
}

@ObjectType('SlaStep')
export class SlaStepGQL {
  @Field(() => SlaActionGQL)
  action: SlaActionGQL;

  @Field(() => Float)
  atPercent: number;

  @Field()
  dueAt: Date;

  @Field(() => Date, { nullable: true })
  firedAt: Date | null;
}

@ObjectType('Sla')
export class SlaGQL {
  @Field({ description: 'When an agent should have claimed it (time-to-claim target)' })
  deadline: Date;

  @Field(() => [SlaStepGQL])
  steps: SlaStepGQL[];

  @Field(() => [String], { description: 'Who may claim now: agent tiers, and ONCALL once paged' })
  pool: string[];
}

@ObjectType('AiAttempt')
export class AiAttemptGQL {
  @Field(() => Int)
  seq: number;

  @Field()
  excerpt: string;

  @Field(() => Float, { nullable: true })
  confidence: number | null;

  @Field(() => [String])
  sources: string[];
}

@ObjectType('Handoff')
export class HandoffGQL {
  @Field({ description: "The customer's goal in a sentence" })
  goal: string;

  @Field()
  summary: string;

  @Field({ description: "'model' when an LLM provider wrote the summary, 'assembled' from the conversation otherwise" })
  summaryBy: string;

  @Field(() => [AiAttemptGQL], { description: 'What the AI tried' })
  aiAttempts: AiAttemptGQL[];

  @Field({ description: 'Why the AI stopped' })
  whyStopped: string;

  @Field(() => PageContextGQL, {
    description: 'Where the customer is now: the page of their latest message that named one, else where they started',
  })
  pageContext: PageContextGQL;

  @Field(() => PageContextGQL, {
    nullable: true,
    description: 'Where the conversation started, when the customer has moved on since (a single-page app)',
  })
  startedOn?: PageContextGQL | null;

  @Field(() => GraphQLJSON, { description: 'Tier, plan, company, seats, MRR and previous conversations' })
  account: Record<string, unknown>;

  @Field(() => [String])
  flags: string[];
}

@ObjectType('QueueInfo')
export class QueueInfoGQL {
  @Field(() => Int, { nullable: true })
  position: number | null;

  @Field(() => Int, { nullable: true })
  estimatedWaitSeconds: number | null;
}

export function toEscalationGQL(e: EscalationRecord): EscalationGQL {
  return {
    reason: e.reason as EscalationTriggerGQL,
    category: e.category,
    triggers: e.triggers.map((t) => ({
      kind: t.kind as EscalationTriggerGQL,
      fired: t.fired,
      score: t.score,
      threshold: t.threshold,
      evidence: t.evidence,
    })),
    confidence: e.confidence,
    sentiment: e.sentiment,
    policyVersion: e.policyVersion,
    at: new Date(e.at),
  };
}

export function toSlaGQL(s: SlaCycle): SlaGQL {
  return {
    deadline: new Date(s.deadline),
    steps: s.steps.map((x) => ({
      action: x.action as SlaActionGQL,
      atPercent: x.atPercent,
      dueAt: new Date(x.dueAt),
      firedAt: x.firedAt === null ? null : new Date(x.firedAt),
    })),
    pool: s.pool,
  };
}
