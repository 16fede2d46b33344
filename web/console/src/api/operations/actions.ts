import { graphql } from '../../gql';

/**
 * What an agent does with a conversation: claim, take over, reassign, reply, note, release, transfer, resolve.
 * Typed by graphql-codegen (web/console/codegen.ts) from the committed schema/schema.graphql: an operation the schema
 * no longer allows fails `npm run build`.
 */

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

export const SuggestReplyMutation = graphql(`
  mutation ConsoleSuggestReply($id: ID!) {
    suggestReply(conversationId: $id) {
      draft
      by
      sources {
        id
        title
        url
      }
    }
  }
`);
