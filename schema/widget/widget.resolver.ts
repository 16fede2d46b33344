import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { PageContextGQL } from '../common/page-context.type';
import { AppError, ErrorCode } from '../../src/errors';
import { type GraphQLContext, principalOf } from '../context';
import { ContextPrefetchGQL, type ContextPrefetchStatus } from './context-prefetch.type';
import { toCustomerGQL } from '../conversation/customer.type';
import { ConversationGQL, toConversationGQL } from '../conversation/conversation.type';
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
    @Arg('identityToken', { description: 'A token your backend signed for the signed-in user (identity verification)' })
    identityToken: string,
    @Arg('visitorToken', () => String, {
      nullable: true,
      description:
        "The anonymous visitor this person was until signing in: their open conversations become the customer's",
    })
    visitorToken: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WidgetSessionGQL> {
    const session = await ctx.services.widget.start(identityToken, visitorToken);
    const customer = await ctx.loaders.customer.load(session.customer.id);
    if (!customer) throw new AppError(ErrorCode.INTERNAL, 'customer could not be read back');
    return { token: session.token, expiresAt: session.expiresAt, customer: toCustomerGQL(customer) };
  }

  @Authorized('customer')
  @Mutation(() => ContextPrefetchGQL, {
    description:
      'The widget opened: starts gathering page, account, billing, CRM and previous conversations for this widget ' +
      "session, kept for the first message's startConversation (WIDGET_PREFETCH_TTL_SECONDS). Starts no " +
      'conversation; idempotent per session.',
  })
  async prepareConversation(
    @Arg('pageContext', () => PageContextGQL, { description: 'Where in the product the customer is', nullable: true })
    pageContext: PageContextGQL | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ContextPrefetchGQL> {
    const p = await ctx.services.prefetch.prepare(principalOf(ctx), pageContext);
    return { ...p, status: p.status as ContextPrefetchStatus };
  }

  @Authorized('customer')
  @Mutation(() => ConversationGQL, {
    description:
      'Opens the conversation an emailed reply link names (the widget reads it from the landing page). The link is ' +
      "signed, expires (WIDGET_REPLY_LINK_TTL_SECONDS) and works only for its customer's session. Expired or forged: " +
      'BAD_USER_INPUT (extensions.reason LINK_EXPIRED or LINK_INVALID).',
  })
  async openReplyLink(
    @Arg('token', { description: 'The token from the reply link in the email' }) token: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ConversationGQL> {
    const p = principalOf(ctx);
    const id = ctx.services.widget.replyLinkConversation(p, token);
    return toConversationGQL(await ctx.services.conversations.getConversation(p, id));
  }

  @Mutation(() => WidgetSessionGQL, {
    description:
      'An anonymous visitor, where the deployment allows them (WIDGET_ALLOW_VISITORS; else FORBIDDEN, reason ' +
      'VISITORS_NOT_ALLOWED): a FREE customer without an address and tighter rate limits. Give the visitorToken it ' +
      'returned to come back as the same visitor; an invalid or expired one starts a new visitor.',
  })
  async startVisitorSession(
    @Arg('visitorToken', () => String, {
      description: 'The visitor token from an earlier session, to continue it; null for a new visitor',
      nullable: true,
    })
    visitorToken: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WidgetSessionGQL> {
    const session = await ctx.services.visitors.start(visitorToken);
    const customer = await ctx.loaders.customer.load(session.customer.id);
    if (!customer) throw new AppError(ErrorCode.INTERNAL, 'visitor could not be read back');
    return { ...session, customer: toCustomerGQL(customer) };
  }
}
