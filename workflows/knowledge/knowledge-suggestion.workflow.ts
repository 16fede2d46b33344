import { allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { fail } from '../common/failures';
import { goOnPast } from '../common/go-on';
import {
  type KnowledgeSuggestionInput,
  type KnowledgeSuggestionView,
  knowledgeSuggestionStateQuery,
  type ReviewKnowledgeResult,
  reviewKnowledgeSuggestionUpdate,
} from './knowledge.messages';

const kb = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1s', maximumInterval: '30s', maximumAttempts: 10 },
});

/** Reminders stop after this many; the suggestion still waits for its review. */
const MAX_REMINDERS = 3;

/**
 * The learning loop for one resolved conversation: draft a KB article from it (or join an open suggestion for the
 * same question), replay past escalations with the draft, then wait for a lead or admin to approve or reject it,
 * reminding them while it waits. Approval publishes the article, which the AI uses from then on.
 */
export async function knowledgeSuggestionWorkflow(input: KnowledgeSuggestionInput): Promise<KnowledgeSuggestionView> {
  const view: KnowledgeSuggestionView = { suggestionId: null, outcome: null, status: 'DRAFTING', reminders: 0 };
  let reviewing = false;
  let result: ReviewKnowledgeResult | null = null;

  setHandler(knowledgeSuggestionStateQuery, () => view);
  setHandler(
    reviewKnowledgeSuggestionUpdate,
    async (req) => {
      reviewing = true;
      try {
        await condition(() => view.status !== 'DRAFTING');
        if (view.status !== 'PENDING' || !view.suggestionId)
          throw fail('CONFLICT', 'this suggestion is not open for review');
        const suggestionId = view.suggestionId;
        if (req.decision === 'APPROVE') {
          const article = await kb.publishKnowledgeSuggestion({
            suggestionId,
            reviewerId: req.reviewerId,
            edits: req.edits ?? null,
          });
          result = { suggestionId, status: 'APPROVED', article };
        } else {
          await kb.rejectKnowledgeSuggestion({ ...req, suggestionId });
          result = { suggestionId, status: 'REJECTED', article: null };
        }
        view.status = result.status;
        return result;
      } finally {
        reviewing = false;
      }
    },
    {
      validator: (req) => {
        if (result || reviewing) throw fail('CONFLICT', 'this suggestion is already being reviewed');
        if (req.decision === 'REJECT' && !req.reason?.trim())
          throw fail('BAD_USER_INPUT', 'a rejection needs a reason');
      },
    },
  );

  const draft = await kb.draftKnowledgeSuggestion({ ...input, workflowId: workflowInfo().workflowId });
  view.suggestionId = draft.suggestionId;
  view.outcome = draft.outcome;
  if (draft.outcome === 'NOT_NEEDED' || !draft.suggestionId) {
    view.status = 'NOT_NEEDED';
    return view;
  }
  // A merged conversation re-runs its suggestion's replay: the report now covers the newly linked question too.
  // The review does not depend on it: a replay that keeps failing leaves the report empty, not the suggestion stuck.
  // Said in the worker's log and counted (a sink, so the history's commands are unchanged), and shown in the view.
  const suggestionId = draft.suggestionId;
  await goOnPast(
    { where: 'knowledge_replay', conversationId: input.conversationId, suggestionId },
    () => kb.replayKnowledgeSuggestion({ suggestionId }),
    () => (view.replayFailed = true),
  );
  if (draft.outcome === 'MERGED') {
    view.status = 'MERGED';
    return view;
  }

  view.status = 'PENDING';
  while (!result && view.reminders < MAX_REMINDERS) {
    const reviewed = await condition(() => result !== null, draft.remindAfterSeconds * 1000);
    if (!reviewed && !reviewing) {
      view.reminders += 1;
      await kb.remindSuggestionReviewers({ suggestionId: draft.suggestionId, reminder: view.reminders });
    }
  }
  await condition(() => result !== null);
  await condition(allHandlersFinished);
  return view;
}
