import { graphql } from '../../gql';

/**
 * One conversation as the team sees it: its detail, transcript, notes and typing, kept live.
 * Typed by graphql-codegen (web/console/codegen.ts) from the committed schema/schema.graphql: an operation the schema
 * no longer allows fails `npm run build`.
 */

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
        recentCharges {
          id
          amount
          amountRefunded
          currency
          status
          created
          description
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
    billingActions {
      ...ConsoleBillingAction
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
  subscription ConsoleMessageAdded($id: ID!, $afterSeq: Int) {
    messageAdded(conversationId: $id, afterSeq: $afterSeq) {
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
