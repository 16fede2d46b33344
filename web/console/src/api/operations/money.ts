import { graphql } from '../../gql';

/** Refunds and credits: proposed from a charge in the handoff, approved or rejected by a second billing agent. */

export const BillingActionFields = graphql(`
  fragment ConsoleBillingAction on BillingAction {
    id
    conversationId
    kind
    status
    amountCents
    currency
    reason
    chargeId
    stripeId
    proposedBy
    approvedBy
    rejectedBy
    rejectReason
    createdAt
  }
`);

export const ProposeBillingMutation = graphql(`
  mutation ConsoleProposeBilling($id: ID!, $input: BillingActionInput!) {
    proposeBillingAction(conversationId: $id, input: $input) {
      ...ConsoleBillingAction
    }
  }
`);

export const ApproveBillingMutation = graphql(`
  mutation ConsoleApproveBilling($id: ID!) {
    approveBillingAction(id: $id) {
      ...ConsoleBillingAction
    }
  }
`);

export const RejectBillingMutation = graphql(`
  mutation ConsoleRejectBilling($id: ID!, $reason: String!) {
    rejectBillingAction(id: $id, reason: $reason) {
      ...ConsoleBillingAction
    }
  }
`);

export const BillingActionsQuery = graphql(`
  query ConsoleBillingActions($id: ID!) {
    conversation(id: $id) {
      id
      billingActions {
        ...ConsoleBillingAction
      }
    }
  }
`);

export const BillingApprovalsQuery = graphql(`
  query ConsoleBillingApprovals {
    billingApprovals(first: 50) {
      edges {
        node {
          ...ConsoleBillingAction
        }
      }
    }
  }
`);

export const BillingActionChangedSubscription = graphql(`
  subscription ConsoleBillingActionChanged {
    billingActionChanged {
      ...ConsoleBillingAction
    }
  }
`);
