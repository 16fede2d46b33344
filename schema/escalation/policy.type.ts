import { GraphQLJSON } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import type { EscalationPolicyEntity } from '../../src/db/entities';
import { storedJsonObject } from '../../src/db/json/conversation-json';

@ObjectType('EscalationPolicy')
export class EscalationPolicyGQL {
  @Field(() => Int)
  version: number;

  @Field(() => GraphQLJSON)
  document: Record<string, unknown>;

  @Field()
  createdAt: Date;

  @Field()
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

  @Field()
  message: string;
}
