import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** Started when an agent resolves a conversation (ABANDON: it outlives the conversation's run). */
export interface KnowledgeSuggestionInput {
  conversationId: string;
  kbWorthy: boolean;
}

export interface DraftKnowledgeInput extends KnowledgeSuggestionInput {
  workflowId: string;
}

export interface DraftKnowledgeResult {
  outcome: 'CREATED' | 'MERGED' | 'NOT_NEEDED';
  suggestionId: string | null;
  reason: string;
  /** How long a suggestion waits for review before its reviewers are reminded (from the worker's config). */
  remindAfterSeconds: number;
}

export type ReviewKnowledgeRequest =
  | {
      decision: 'APPROVE';
      reviewerId: string;
      edits?: { title?: string | null; body?: string | null } | null;
      reason?: null;
    }
  | { decision: 'REJECT'; reviewerId: string; reason: string; edits?: null };

export interface ReviewKnowledgeResult {
  suggestionId: string;
  status: 'APPROVED' | 'REJECTED';
  article: { id: string; title: string; body: string; version: number } | null;
}

export interface KnowledgeSuggestionView {
  suggestionId: string | null;
  outcome: DraftKnowledgeResult['outcome'] | null;
  status: 'DRAFTING' | 'PENDING' | 'APPROVED' | 'REJECTED' | 'NOT_NEEDED' | 'MERGED';
  reminders: number;
  /** Set when the replay against past escalations kept failing: the suggestion is reviewed with an empty report. */
  replayFailed?: true;
}

export const reviewKnowledgeSuggestionUpdate = defineUpdate<ReviewKnowledgeResult, [ReviewKnowledgeRequest]>(
  'reviewKnowledgeSuggestion',
);
export const knowledgeSuggestionStateQuery = defineQuery<KnowledgeSuggestionView>('knowledgeSuggestionState');

/** Built in domain/ with every other workflow id; re-exported for the conversation workflow that starts it. */
export { knowledgeSuggestionWorkflowId } from '../../domain/workflow-ids';
