import { graphql } from '../../gql';

/** The escalation policy: edit, check, backtest, publish (admins). */

export const PolicyQuery = graphql(`
  query ConsolePolicy {
    escalationPolicy {
      version
      document
      createdAt
      createdBy
    }
  }
`);

export const PolicyProblemsQuery = graphql(`
  query ConsolePolicyProblems($document: JSON!) {
    escalationPolicyProblems(document: $document) {
      path
      message
    }
  }
`);

export const PublishPolicyMutation = graphql(`
  mutation ConsolePublishPolicy($document: JSON!) {
    updateEscalationPolicy(document: $document) {
      version
      createdAt
    }
  }
`);

export const StartBacktestMutation = graphql(`
  mutation ConsoleStartBacktest($document: JSON!, $from: DateTime!, $to: DateTime!) {
    backtestEscalationPolicy(document: $document, from: $from, to: $to) {
      id
      status
      progress
    }
  }
`);

export const BacktestProgressSubscription = graphql(`
  subscription ConsoleBacktestProgress($id: ID!) {
    backtestProgress(id: $id) {
      id
      status
      progress
      processed
      total
      error
    }
  }
`);

export const BacktestQuery = graphql(`
  query ConsoleBacktest($id: ID!) {
    backtest(id: $id) {
      id
      status
      progress
      error
      report {
        conversations
        turns
        escalationsBefore
        escalationsAfter
        added
        removed
        retriggered
        autoAssigned
        byTrigger {
          trigger
          before
          after
        }
        loadByTierHour {
          tier
          hour
          before
          after
        }
        changes(first: 50) {
          ...ConsoleBacktestChanges
        }
      }
    }
  }
`);

export const BacktestChangesFragment = graphql(`
  fragment ConsoleBacktestChanges on BacktestChangeConnection {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        before
        after
        conversation {
          id
          customer {
            name
          }
        }
      }
    }
  }
`);

/** The report's next page of changed conversations (more than the first 50). */
export const BacktestChangesQuery = graphql(`
  query ConsoleBacktestMoreChanges($id: ID!, $after: String) {
    backtest(id: $id) {
      id
      report {
        changes(first: 50, after: $after) {
          ...ConsoleBacktestChanges
        }
      }
    }
  }
`);
