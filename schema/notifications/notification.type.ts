import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { enumOf } from '../../domain/vocabulary';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../domain/notifications';
import type { AgentNotificationRow } from '../../src/services/notifications.service';
import { PageInfo } from '../common/page-info.type';

export const NotificationKindGQL = enumOf(NOTIFICATION_KINDS);
export type NotificationKindGQL = NotificationKind;
registerEnumType(NotificationKindGQL, {
  name: 'NotificationKind',
  description: 'QUEUED: a conversation waits; SLA_WARN, WIDENED, PAGED: ladder steps; ASSIGNED: it is yours now',
  valuesConfig: {
    QUEUED: { description: 'A conversation waits in your queue' },
    SLA_WARN: { description: 'A waiting conversation is close to its SLA deadline' },
    WIDENED: { description: 'A conversation was widened to tier 2' },
    PAGED: { description: 'You are paged: a deadline is about to pass' },
    ASSIGNED: { description: 'A conversation is yours now' },
    OTHER: { description: 'Anything else (e.g. a knowledge suggestion to review)' },
  },
});

@ObjectType('Notification', {
  description: 'Something an agent should know: a conversation assigned, queued, an SLA warning, a page',
})
export class NotificationGQL {
  @Field(() => ID, { description: 'Notification id' })
  id: string;

  @Field(() => NotificationKindGQL, { description: 'What happened' })
  kind: NotificationKindGQL;

  @Field(() => ID, { description: 'The conversation it is about; null when none', nullable: true })
  conversationId: string | null;

  @Field({ description: 'What happened, in words' })
  message: string;

  @Field({ description: 'When it was created' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the caller marked it read; null while unread' })
  readAt: Date | null;
}

@ObjectType('NotificationEdge', { description: 'One Notification in a page, with its cursor' })
export class NotificationEdgeGQL {
  @Field({ description: 'Opaque position of this item: pass it as `after` to get the items that follow' })
  cursor: string;

  @Field(() => NotificationGQL, { description: 'The item at this position' })
  node: NotificationGQL;
}

@ObjectType('NotificationConnection', {
  description: 'A page of Notification items (Relay connection): the edges in order and how to get the next page',
})
export class NotificationConnectionGQL {
  @Field(() => [NotificationEdgeGQL], { description: "This page's items, in order" })
  edges: NotificationEdgeGQL[];

  @Field(() => PageInfo, { description: 'Whether more pages exist and the cursors to ask for them' })
  pageInfo: PageInfo;

  @Field(() => Int, { description: "The caller's unread notifications, all of them" })
  unreadCount: number;
}

export const toNotificationGQL = (n: AgentNotificationRow): NotificationGQL => ({
  id: n.id,
  kind: n.kind,
  conversationId: n.conversationId,
  message: n.message,
  createdAt: n.createdAt,
  readAt: n.readAt,
});
