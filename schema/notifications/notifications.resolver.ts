import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { NOTIFICATIONS_TOPIC } from '../../src/events/hub';
import { type AgentNotificationRow, NotificationsService } from '../../src/services/notifications.service';
import { PageArgs } from '../common/page-args';
import { connectionOf } from '../common/page-info.type';
import { principalOf, type GraphQLContext } from '../context';
import { NotificationConnectionGQL, NotificationGQL, toNotificationGQL } from './notification.type';

@ArgsType()
class NotificationsArgs extends PageArgs {
  @Field(() => Boolean, { description: 'True for unread notifications only; omit for all', nullable: true })
  unreadOnly?: boolean | null;
}

@Resolver()
export class NotificationsResolver {
  @Authorized('agent')
  @Query(() => NotificationConnectionGQL, { description: "The caller's own notifications, newest first (agents)" })
  async notifications(@Args() args: NotificationsArgs, @Ctx() ctx: GraphQLContext): Promise<NotificationConnectionGQL> {
    const page = await ctx.services.notifications.list(principalOf(ctx), args.first, args.after, args.unreadOnly);
    return { ...connectionOf(page, toNotificationGQL), unreadCount: page.unreadCount };
  }

  @Authorized('agent')
  @Mutation(() => Int, {
    description: "Marks the caller's notifications read (the given ids, or all); answers the unread count left",
  })
  markNotificationsRead(
    @Arg('ids', () => [ID], { description: 'The notifications to mark; give this or all', nullable: true })
    ids: string[] | null,
    @Arg('all', () => Boolean, { description: 'True to mark every notification of yours', nullable: true })
    all: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<number> {
    return ctx.services.notifications.markRead(principalOf(ctx), ids, all);
  }

  @Authorized('agent')
  @Subscription(() => NotificationGQL, {
    description:
      "The caller's new notifications (agents): none while OFFLINE, and no offers of waiting conversations at capacity",
    subscribe: async ({ context }: { context: GraphQLContext }) => {
      // Subscribe functions run before @Authorized: agentOf refuses anyone but an agent.
      const agent = await context.services.notifications.agentOf(principalOf(context));
      const source = context.services.events.notifications.subscribe(NOTIFICATIONS_TOPIC);
      return (async function* () {
        for await (const n of source) {
          if (!NotificationsService.reaches(agent, n)) continue;
          if (await context.services.notifications.deliversLive(agent.id, n)) yield n;
        }
      })();
    },
  })
  notificationAdded(@Root() n: AgentNotificationRow): NotificationGQL {
    return toNotificationGQL(n);
  }
}
