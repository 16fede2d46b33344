import { draftInput, scim, setup } from '../../test/support/knowledge-fakes';

describe('reviewing a suggestion', () => {
  it('publishes with the reviewer’s edits and makes the AI read the knowledge base again; a retried approval is the same', async () => {
    const { store, invalidations, activities, env } = setup();
    store.materialOf.set(scim.conversationId, scim);
    const { suggestionId } = await env.run(activities.draftKnowledgeSuggestion, draftInput('c-scim', true));
    const approve = { suggestionId: suggestionId!, reviewerId: 'agt-5', edits: { title: 'Rotate the SCIM token' } };
    const article = await env.run(activities.publishKnowledgeSuggestion, approve);
    expect(article).toMatchObject({ title: 'Rotate the SCIM token' });
    expect(await env.run(activities.publishKnowledgeSuggestion, approve)).toEqual(article);
    expect(invalidations()).toBe(2);
    // Approved: a rejection now conflicts, for good.
    const err = await env.failure(activities.rejectKnowledgeSuggestion, {
      suggestionId: suggestionId!,
      decision: 'REJECT',
      reviewerId: 'agt-5',
      reason: 'late',
    });
    expect(err).toMatchObject({ type: 'CONFLICT', nonRetryable: true });
  });

  it('rejects a pending suggestion; the same reviewer rejecting again is no conflict', async () => {
    const { store, activities, env } = setup();
    store.materialOf.set(scim.conversationId, scim);
    const { suggestionId } = await env.run(activities.draftKnowledgeSuggestion, draftInput('c-scim', true));
    const reject = {
      suggestionId: suggestionId!,
      decision: 'REJECT' as const,
      reviewerId: 'agt-5',
      reason: 'covered by the SSO guide',
    };
    expect(await env.run(activities.rejectKnowledgeSuggestion, reject)).toEqual({ status: 'REJECTED' });
    expect(await env.run(activities.rejectKnowledgeSuggestion, reject)).toEqual({ status: 'REJECTED' });
    expect(store.suggestions.get(suggestionId!)).toMatchObject({ rejectReason: 'covered by the SSO guide' });
  });
});

describe('remindSuggestionReviewers', () => {
  it('tells the leads about a pending suggestion under a key per reminder, and stays quiet once it is reviewed', async () => {
    const { store, notified, activities, env } = setup();
    store.materialOf.set(scim.conversationId, scim);
    const { suggestionId } = await env.run(activities.draftKnowledgeSuggestion, draftInput('c-scim', true));
    await env.run(activities.remindSuggestionReviewers, { suggestionId: suggestionId!, reminder: 1 });
    expect(notified).toEqual([
      {
        conversationId: 'c-scim',
        kind: 'KB_SUGGESTION_PENDING',
        audience: ['LEAD'],
        message: `A knowledge-base suggestion is waiting for review: “${scim.question}” (reminder 1)`,
        dedupeKey: `kb-suggestion-${suggestionId}-reminder-1`,
      },
    ]);
    expect(store.suggestions.get(suggestionId!)!.reminders).toBe(1);
    await env.run(activities.rejectKnowledgeSuggestion, {
      suggestionId: suggestionId!,
      decision: 'REJECT',
      reviewerId: 'agt-5',
      reason: 'duplicate',
    });
    await env.run(activities.remindSuggestionReviewers, { suggestionId: suggestionId!, reminder: 2 });
    expect(notified).toHaveLength(1);
    expect(store.suggestions.get(suggestionId!)!.reminders).toBe(1);
  });
});
