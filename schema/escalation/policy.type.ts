import { GraphQLJSON } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import type { EscalationPolicyEntity } from '../../src/db/entities';
import { storedJsonObject } from '../../src/db/json/conversation-json';

@ObjectType('EscalationPolicy', {
  description:
    'A published version of the escalation policy: triggers, thresholds, always-human categories and the SLA plan',
})
export class EscalationPolicyGQL {
  @Field(() => Int, { description: 'Version number; each publish adds one' })
  version: number;

  @Field(() => GraphQLJSON, { description: 'The policy document (JSON); its schema is in domain/escalation.ts' })
  document: Record<string, unknown>;

  @Field({ description: 'When it was created' })
  createdAt: Date;

  @Field({ description: 'The admin who published it' })
  createdBy: string;
}

export const toPolicyGQL = (p: EscalationPolicyEntity): EscalationPolicyGQL => ({
  version: p.version,
  document: storedJsonObject(`escalation_policies ${p.version}.document`, p.document),
  createdAt: p.createdAt,
  createdBy: p.createdBy,
});

@ObjectType('PolicyProblem', { description: 'One thing wrong with a policy document, and where' })
export class PolicyProblemGQL {
  @Field({ description: "Where in the document, e.g. sla.ladder[0].action ('' for the whole document)" })
  path: string;

  @Field({ description: 'What is wrong, in words' })
  message: string;
}
