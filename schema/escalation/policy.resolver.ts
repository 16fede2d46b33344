import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { principalOf, type GraphQLContext } from '../context';
import { policyIssues } from '../../domain/policy/document';
import { EscalationPolicyGQL, PolicyProblemGQL, toPolicyGQL } from './policy.type';

@Resolver()
export class PolicyResolver {
  @Authorized('agent', 'admin')
  @Query(() => EscalationPolicyGQL, { description: 'The escalation policy in force (its newest version)' })
  async escalationPolicy(@Ctx() ctx: GraphQLContext): Promise<EscalationPolicyGQL> {
    return toPolicyGQL(await ctx.services.policies.currentEntity());
  }

  @Authorized('admin')
  @Query(() => [PolicyProblemGQL], {
    description:
      'Checks a candidate document exactly as updateEscalationPolicy and backtestEscalationPolicy will, storing nothing: ' +
      'every problem with where it is (empty: valid)',
  })
  escalationPolicyProblems(
    @Arg('document', () => GraphQLJSON, { description: 'A policy document (JSON) to check without saving it' })
    document: unknown,
  ): PolicyProblemGQL[] {
    return policyIssues(document);
  }

  @Authorized('admin')
  @Mutation(() => EscalationPolicyGQL, {
    description: 'Publishes a new version; a bad document is rejected whole (BAD_USER_INPUT)',
  })
  async updateEscalationPolicy(
    @Arg('document', () => GraphQLJSON, {
      description: 'The new policy document (JSON); refused with BAD_USER_INPUT and the problems when invalid',
    })
    document: unknown,
    @Ctx() ctx: GraphQLContext,
  ): Promise<EscalationPolicyGQL> {
    return toPolicyGQL(await ctx.services.policies.update(document, principalOf(ctx).sub));
  }
}
