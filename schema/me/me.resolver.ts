import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { Role } from '../common/enums';
import { principalOf, type GraphQLContext } from '../context';
import { toCustomerGQL } from '../conversation/customer.type';
import { ViewerGQL } from './viewer.type';

@Resolver()
export class MeResolver {
  @Authorized()
  @Query(() => ViewerGQL, { description: 'Who the bearer token says the caller is' })
  async me(@Ctx() ctx: GraphQLContext): Promise<ViewerGQL> {
    const p = principalOf(ctx);
    const customer = p.role === 'customer' ? await ctx.loaders.customer.load(p.sub) : null;
    const agent = p.role === 'agent' ? await ctx.services.customers.agentById(p.sub) : null;
    return {
      id: p.sub,
      role: p.role as Role,
      name: p.name ?? customer?.name ?? agent?.name ?? null,
      customer: customer ? toCustomerGQL(customer) : null,
    };
  }
}
