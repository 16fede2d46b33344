import { graphql } from '../../gql';

/**
 * The inbox: who is signed in, the team, the views and their counts, the queue and its changes.
 * Typed by graphql-codegen (web/console/codegen.ts) from the committed schema/schema.graphql: an operation the schema
 * no longer allows fails `npm run build`.
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
          capacity
          openConversations
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

export const SetStatusMutation = graphql(`
  mutation ConsoleSetStatus($status: AgentStatus!) {
    setAgentStatus(status: $status) {
      id
      status
    }
  }
`);
