/**
 * Every workflow id template, spelled once. The API's gateway (src/temporal) starts and addresses workflows by these
 * ids, and a workflow that starts a child builds the child's id here too, so both sides always agree.
 */

/** One workflow per conversation; its id is also stored on the conversation row and shown in the Temporal UI. */
export const conversationWorkflowId = (conversationId: string) => `conversation-${conversationId}`;

/** One learning loop per agent resolution worth learning from (the SLA cycle tells a reopened conversation apart). */
export const knowledgeSuggestionWorkflowId = (conversationId: string, cycle: number) =>
  `kb-suggestion-${conversationId}-${cycle}`;

export const backtestWorkflowId = (backtestId: string) => `backtest-${backtestId}`;

/** Keyed on the version: publishing a version twice (a retried request) still tells each conversation once. */
export const policyRolloutWorkflowId = (version: number) => `policy-rollout-${version}`;
