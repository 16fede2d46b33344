/**
 * The ids the gateway addresses Temporal with. Workflow ids are built in domain/ (a workflow that starts a child
 * needs the same template); update ids live here: Temporal deduplicates updates by id within a run, so a retried
 * request lands once.
 */
export {
  backtestWorkflowId,
  conversationWorkflowId,
  knowledgeSuggestionWorkflowId,
  policyRolloutWorkflowId,
} from '../../domain/workflow-ids';

/** A customer's message: its client message id is its idempotency key at every layer. */
export const customerMessageUpdateId = (clientMessageId: string) => `customer-message-${clientMessageId}`;
export const agentMessageUpdateId = (clientMessageId: string) => `agent-message-${clientMessageId}`;
export const internalNoteUpdateId = (clientNoteId: string) => `internal-note-${clientNoteId}`;
/** Keyed on the state the customer saw: a double click lands once, a later press is a new request. */
export const requestHumanUpdateId = (conversationId: string, stateAt: Date) =>
  `request-human-${conversationId}-${stateAt.getTime()}`;
export const confirmResolvedUpdateId = (conversationId: string, stateAt: Date) =>
  `confirm-resolved-${conversationId}-${stateAt.getTime()}`;
export const closeConversationUpdateId = (conversationId: string) => `close-${conversationId}`;
/** One approval per agent and action: a retried approval is the same request. */
export const approveBillingActionUpdateId = (actionId: string, agentId: string) => `approve-${actionId}-${agentId}`;
