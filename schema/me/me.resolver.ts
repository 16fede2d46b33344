import { Authorized, Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { Role } from '../common/enums';
import { principalOf, type GraphQLContext } from '../context';
import { CustomerGQL, toCustomerGQL } from '../conversation/customer.type';

@ObjectType('Viewer')
export class ViewerGQL {
  @Field(() => ID)
  id: string;

  @Field(() => Role)
  role: Role;

  @Field(() => String, { nullable: true })
  name: string | null;

  @Field(() => CustomerGQL, { nullable: true, description: 'The customer record, for customer callers' })
  customer: CustomerGQL | null;
}

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
