import { Field, Float, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import type { EscalationRecord, SlaCycle } from '../../workflows/conversation/conversation.messages';
import { EscalationTriggerGQL, SlaActionGQL } from '../common/enums';
import { PageContextGQL } from '../common/page-context.type';

@ObjectType('TriggerEvaluation', { description: 'One escalation trigger as evaluated on a turn' })
export class TriggerEvaluationGQL {
  @Field(() => EscalationTriggerGQL, { description: 'Which trigger' })
  kind: EscalationTriggerGQL;

  @Field({ description: 'True when it decided (or would have decided) to escalate' })
  fired: boolean;

  @Field(() => Float, {
    description: 'The measured value (e.g. confidence 0–1, sentiment -1–0, turns); null for yes/no triggers',
    nullable: true,
  })
  score: number | null;

  @Field(() => Float, {
    description: 'The policy threshold it was compared to; null for yes/no triggers',
    nullable: true,
  })
  threshold: number | null;

  @Field(() => String, { nullable: true, description: 'In words a person reads' })
  evidence: string | null;
}

@ObjectType('Escalation', { description: 'Why and when a conversation went to a person (staff only)' })
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

  @Field(() => Float, {
    description: "0–1: the AI's confidence on the deciding turn; null when it did not answer",
    nullable: true,
  })
  confidence: number | null;

  @Field(() => Float, { nullable: true, description: '-1 (very negative) to 0' })
  sentiment: number | null;

  @Field(() => Int, { description: 'Version of the escalation policy that decided' })
  policyVersion: number;

  @Field({ description: 'When it escalated' })
  at: Date;
}

@ObjectType('SlaStep', {
  description: 'One rung of the SLA ladder: an action taken when a share of the deadline has passed',
})
export class SlaStepGQL {
  @Field(() => SlaActionGQL, { description: 'What happens' })
  action: SlaActionGQL;

  @Field(() => Float, { description: 'Share of the time to the deadline, in percent (0–100), at which it happens' })
  atPercent: number;

  @Field({ description: 'When it is due' })
  dueAt: Date;

  @Field(() => Date, { description: 'When it happened; null while pending (or if a claim came first)', nullable: true })
  firedAt: Date | null;
}

@ObjectType('Sla', { description: 'The claim deadline of a waiting conversation and the ladder of actions before it' })
export class SlaGQL {
  @Field({ description: 'When an agent should have claimed it (time-to-claim target)' })
  deadline: Date;

  @Field(() => [SlaStepGQL], { description: 'The ladder in order' })
  steps: SlaStepGQL[];

  @Field(() => [String], { description: 'Who may claim now: agent tiers, and ONCALL once paged' })
  pool: string[];
}

@ObjectType('AiAttempt', { description: 'One AI answer before the handoff' })
export class AiAttemptGQL {
  @Field(() => Int, { description: "The message's position in the conversation" })
  seq: number;

  @Field({ description: 'The start of the answer' })
  excerpt: string;

  @Field(() => Float, { description: '0–1: how sure the AI was; null when unknown', nullable: true })
  confidence: number | null;

  @Field(() => [String], { description: 'Titles of the articles it cited' })
  sources: string[];
}

@ObjectType('Handoff', { description: 'What the agent needs to start without asking the customer again (staff only)' })
export class HandoffGQL {
  @Field({ description: "The customer's goal in a sentence" })
  goal: string;

  @Field({ description: 'The conversation so far, in a few sentences' })
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

  @Field(() => [String], { description: 'Warnings for the agent (e.g. delinquent, enterprise, repeat contact)' })
  flags: string[];
}

@ObjectType('QueueInfo', { description: "A waiting customer's place in line" })
export class QueueInfoGQL {
  @Field(() => Int, { description: '1 = next; null when unknown', nullable: true })
  position: number | null;

  @Field(() => Int, {
    description: 'Estimated wait in seconds; null when there is too little history to estimate',
    nullable: true,
  })
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
