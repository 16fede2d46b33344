import { graphql } from '../../gql';

/**
 * The agent's notifications: the list with its unread count, new ones live, marking read.
 * Typed by graphql-codegen (web/console/codegen.ts) from the committed schema/schema.graphql: an operation the schema
 * no longer allows fails `npm run build`.
 */

export const NotificationFields = graphql(`
  fragment ConsoleNotification on Notification {
    id
    kind
    conversationId
    message
    createdAt
    readAt
  }
`);

export const NotificationsQuery = graphql(`
  query ConsoleNotifications {
    notifications(first: 30) {
      unreadCount
      edges {
        node {
          ...ConsoleNotification
        }
      }
    }
  }
`);

export const NotificationAddedSubscription = graphql(`
  subscription ConsoleNotificationAdded {
    notificationAdded {
      ...ConsoleNotification
    }
  }
`);

export const MarkReadMutation = graphql(`
  mutation ConsoleMarkRead($ids: [ID!], $all: Boolean) {
    markNotificationsRead(ids: $ids, all: $all)
  }
`);
