import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { AppError, ErrorCode } from '../../src/errors';
import type { GraphQLContext } from '../context';
import { toCustomerGQL } from '../conversation/customer.type';
import { WidgetSessionGQL } from './widget-session.type';

@Resolver()
export class WidgetResolver {
  @Mutation(() => WidgetSessionGQL, {
    description:
      'Exchanges an identity token signed by the host app (HS256, WIDGET_IDENTITY_SECRET; sub, email, name, company, exp) ' +
      'for a short-lived session token; creates or updates the customer. Expired or forged: UNAUTHENTICATED ' +
      '(extensions.reason TOKEN_EXPIRED or TOKEN_INVALID).',
  })
  async startWidgetSession(
    @Arg('identityToken') identityToken: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WidgetSessionGQL> {
    const session = await ctx.services.widget.start(identityToken);
    const customer = await ctx.loaders.customer.load(session.customer.id);
    if (!customer) throw new AppError(ErrorCode.INTERNAL, 'customer could not be read back');
    return { token: session.token, expiresAt: session.expiresAt, customer: toCustomerGQL(customer) };
  }
}
