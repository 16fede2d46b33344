import { graphql } from '../gql';

/**
 * Every GraphQL operation the console sends. `graphql-codegen` (web/console/codegen.ts) types each one from the
 * committed schema/schema.graphql into src/gql, so a contract change that breaks one fails `npm run build`.
 */

export const MeQuery = graphql(`
  query ConsoleMe {
    me {
      id
      name
      role
    }
  }
`);

export const AgentsQuery = graphql(`
  query ConsoleAgents($filter: AgentFilterInput) {
    agents(first: 100, filter: $filter) {
      totalCount
      edges {
        node {
          id
          name
          email
          tier
          status
          onCall
          skills
        }
      }
    }
  }
`);

export const CountsQuery = graphql(`
  query ConsoleCounts {
    conversationCounts {
      mine
      unassigned
      awaitingAgent
      agentActive
      aiActive
      byTier {
        tier
        count
      }
      byTrigger {
        trigger
        count
      }
    }
  }
`);

export const RowFields = graphql(`
  fragment ConsoleRow on Conversation {
    id
    status
    createdAt
    updatedAt
    customer {
      id
      name
      company
      tier
    }
    assignee {
      id
      name
    }
    escalation {
      reason
      category
    }
    handoff {
      goal
    }
    sla {
      deadline
      pool
      steps {
        action
        atPercent
        dueAt
        firedAt
      }
    }
    queue {
      position
    }
  }
`);

export const QueueQuery = graphql(`
  query ConsoleQueue {
    agentQueue(first: 100) {
      edges {
        node {
          ...ConsoleRow
        }
      }
    }
  }
`);

export const ConversationsQuery = graphql(`
  query ConsoleConversations($filter: ConversationFilterInput, $after: String) {
    conversations(first: 50, after: $after, filter: $filter) {
      edges {
        node {
          ...ConsoleRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const QueueChangedSubscription = graphql(`
  subscription ConsoleQueueChanged {
    agentQueueChanged {
      change
      conversation {
        ...ConsoleRow
      }
    }
  }
`);

export const MessageFields = graphql(`
  fragment ConsoleMessage on Message {
    id
    seq
    authorKind
    authorName
    body
    createdAt
    clientMessageId
    ai {
      confidence
      sources {
        id
        title
      }
    }
  }
`);

export const NoteFields = graphql(`
  fragment ConsoleNote on InternalNote {
    id
    conversationId
    authorId
    authorName
    body
    createdAt
  }
`);

export const DetailFields = graphql(`
  fragment ConsoleDetail on Conversation {
    ...ConsoleRow
    workflowId
    resolvedBy
    pageContext {
      route
      title
      url
      errorMessage
    }
    assignee {
      id
      name
      tier
    }
    escalation {
      reason
      category
      confidence
      sentiment
      policyVersion
      at
      triggers {
        kind
        fired
        score
        threshold
        evidence
      }
    }
    handoff {
      goal
      summary
      summaryBy
      whyStopped
      flags
      account
      aiAttempts {
        seq
        confidence
        excerpt
        sources
      }
      pageContext {
        route
        title
        url
        errorMessage
      }
    }
    context {
      customer {
        plan
        seats
        mrrUsd
        tier
        company
      }
      billing {
        available
        plan
        subscriptionStatus
        delinquent
        recentInvoices {
          id
          amountDue
          currency
          status
        }
      }
      crm {
        available
        provider
        companyName
        notes
        openDeals {
          id
          name
          amount
          stage
        }
      }
      previousConversations {
        id
        createdAt
        status
        firstMessage
      }
    }
    customer {
      email
      plan
      seats
    }
  }
`);

export const ConversationQuery = graphql(`
  query ConsoleConversation($id: ID!) {
    conversation(id: $id) {
      ...ConsoleDetail
      messages(first: 100) {
        edges {
          node {
            ...ConsoleMessage
          }
        }
      }
    }
  }
`);

/** Asked apart from the conversation, so a conversation still opens if these cannot be read. */
export const ConversationExtrasQuery = graphql(`
  query ConsoleConversationExtras($id: ID!) {
    conversation(id: $id) {
      id
      temporalUiUrl
      notes {
        ...ConsoleNote
      }
    }
  }
`);

export const MessagesAfterQuery = graphql(`
  query ConsoleMessagesAfter($id: ID!, $afterSeq: Int) {
    conversation(id: $id) {
      id
      messages(first: 100, afterSeq: $afterSeq) {
        edges {
          node {
            ...ConsoleMessage
          }
        }
      }
    }
  }
`);

export const MessageAddedSubscription = graphql(`
  subscription ConsoleMessageAdded($id: ID!) {
    messageAdded(conversationId: $id) {
      ...ConsoleMessage
    }
  }
`);

export const ConversationUpdatedSubscription = graphql(`
  subscription ConsoleConversationUpdated($id: ID!) {
    conversationUpdated(conversationId: $id) {
      ...ConsoleDetail
    }
  }
`);

export const NoteAddedSubscription = graphql(`
  subscription ConsoleNoteAdded($id: ID!) {
    internalNoteAdded(conversationId: $id) {
      ...ConsoleNote
    }
  }
`);

export const TypingSubscription = graphql(`
  subscription ConsoleTyping($id: ID!) {
    typingChanged(conversationId: $id) {
      authorKind
      name
      typing
    }
  }
`);

export const SetTypingMutation = graphql(`
  mutation ConsoleSetTyping($id: ID!, $typing: Boolean!) {
    setTyping(conversationId: $id, typing: $typing)
  }
`);

export const ClaimMutation = graphql(`
  mutation ConsoleClaim($id: ID!) {
    claimConversation(conversationId: $id) {
      ...ConsoleDetail
    }
  }
`);

export const TakeOverMutation = graphql(`
  mutation ConsoleTakeOver($id: ID!) {
    takeOverConversation(conversationId: $id) {
      ...ConsoleDetail
    }
  }
`);

export const ReassignMutation = graphql(`
  mutation ConsoleReassign($id: ID!, $toAgentId: ID!) {
    reassignConversation(conversationId: $id, toAgentId: $toAgentId) {
      ...ConsoleDetail
    }
  }
`);

export const SendMessageMutation = graphql(`
  mutation ConsoleSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      ...ConsoleMessage
    }
  }
`);

export const AddNoteMutation = graphql(`
  mutation ConsoleAddNote($input: AddInternalNoteInput!) {
    addInternalNote(input: $input) {
      ...ConsoleNote
    }
  }
`);

export const ReleaseMutation = graphql(`
  mutation ConsoleRelease($id: ID!, $reason: String!) {
    releaseConversation(conversationId: $id, reason: $reason) {
      ...ConsoleDetail
    }
  }
`);

export const TransferMutation = graphql(`
  mutation ConsoleTransfer($id: ID!, $reason: String!, $toAgentId: ID, $toTier: AgentTier) {
    transferConversation(conversationId: $id, reason: $reason, toAgentId: $toAgentId, toTier: $toTier) {
      ...ConsoleDetail
    }
  }
`);

export const ResolveMutation = graphql(`
  mutation ConsoleResolve($id: ID!, $resolution: ResolutionInput!) {
    resolveConversation(conversationId: $id, resolution: $resolution) {
      ...ConsoleDetail
    }
  }
`);

export const SetStatusMutation = graphql(`
  mutation ConsoleSetStatus($status: AgentStatus!) {
    setAgentStatus(status: $status) {
      id
      status
    }
  }
`);

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
