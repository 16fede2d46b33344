/** The policy rollout workflow's input and its activities' inputs: imported by the API, the workflow and the worker. */

export const POLICY_ROLLOUT_WORKFLOW_TYPE = 'policyRolloutWorkflow';

/** Conversations told per page; a page's signals go out together, and the next page is read after they land. */
export const POLICY_ROLLOUT_PAGE_SIZE = 100;

export interface PolicyRolloutTotals {
  /** Waiting conversations that received the new version. */
  signalled: number;
  /** Conversations that had ended by the time their signal went out (nothing to re-plan). */
  ended: number;
}

export interface PolicyRolloutInput {
  version: number;
  pageSize?: number;
  /** Carried over continue-as-new: where the previous run stopped, and what it did. */
  afterConversationId?: string | null;
  totals?: PolicyRolloutTotals;
}

export interface ListWaitingConversationsInput {
  /** Keyset: conversations with a greater id (null: from the start). */
  afterConversationId: string | null;
  limit: number;
}

export interface ListWaitingConversationsResult {
  conversationIds: string[];
}

export interface SignalPolicyChangedInput {
  conversationId: string;
  version: number;
}

export interface SignalPolicyChangedResult {
  outcome: 'signalled' | 'ended';
}
