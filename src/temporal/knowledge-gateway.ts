import type { Client } from '@temporalio/client';
import {
  reviewKnowledgeSuggestionUpdate,
  type ReviewKnowledgeRequest,
  type ReviewKnowledgeResult,
} from '../../workflows/knowledge/knowledge.messages';
import { conflict } from '../errors';
import { callTemporal } from './failures';

/** The knowledge suggestion workflows, started by conversations (their ids come from domain/workflow-ids). */
export class KnowledgeGateway {
  constructor(private readonly client: Client) {}

  /** One decision wins; a suggestion whose workflow has ended is no longer open for review (CONFLICT). */
  reviewSuggestion(input: {
    suggestionId: string;
    workflowId: string;
    request: ReviewKnowledgeRequest;
  }): Promise<ReviewKnowledgeResult> {
    const { suggestionId, workflowId, request } = input;
    return callTemporal(
      { operation: 'reviewSuggestion', workflowId, suggestionId },
      () => conflict('this suggestion is no longer open for review'),
      () =>
        this.client.workflow.getHandle(workflowId).executeUpdate(reviewKnowledgeSuggestionUpdate, { args: [request] }),
    );
  }
}
