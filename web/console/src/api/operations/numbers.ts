import { graphql } from '../../gql';

/** What the numbers screen reads: metrics, insights and the weekly digests. */

export const NumbersQuery = graphql(`
  query ConsoleNumbers($from: DateTime!, $to: DateTime!) {
    supportMetrics(from: $from, to: $to) {
      conversations
      aiResolved
      aiResolutionRate
      escalations
      escalationRate
      escalationsByTrigger {
        trigger
        count
      }
      timeToHumanSeconds {
        p50
        p90
      }
      csatAiOnly
      csatAfterEscalation
      slaSteps {
        action
        count
      }
      reopens
    }
    insights(from: $from, to: $to, top: 8) {
      kbGaps {
        label
        count
      }
      recurringErrors {
        code
        count
        routes
      }
      hotRoutes {
        route
        count
        escalations
      }
      accountsAtRisk {
        customer {
          id
          name
          company
        }
        reasons
      }
    }
  }
`);

export const DigestsQuery = graphql(`
  query ConsoleDigests {
    reviewDigests(first: 5) {
      edges {
        node {
          id
          title
          createdAt
          sections {
            heading
            lines
          }
        }
      }
    }
  }
`);
