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
});

@ObjectType('Notification')
export class NotificationGQL {
  @Field(() => ID)
  id: string;

  @Field(() => NotificationKindGQL)
  kind: NotificationKindGQL;

  @Field(() => ID, { nullable: true })
  conversationId: string | null;

  @Field()
  message: string;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the caller marked it read; null while unread' })
  readAt: Date | null;
}

@ObjectType('NotificationEdge')
export class NotificationEdgeGQL {
  @Field()
  cursor: string;

  @Field(() => NotificationGQL)
  node: NotificationGQL;
}

@ObjectType('NotificationConnection')
export class NotificationConnectionGQL {
  @Field(() => [NotificationEdgeGQL])
  edges: NotificationEdgeGQL[];

  @Field(() => PageInfo)
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
