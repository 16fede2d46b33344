import { ApplicationFailure } from '@temporalio/common';
import type { ResolvedMaterial } from '../../src/services/knowledge-store';
import { suggestionIdFor } from '../../src/services/knowledge-store';
import { draftInput, draftOf, published, scim, setup } from '../../test/support/knowledge-fakes';

describe('draftKnowledgeSuggestion', () => {
  it('drafts nothing from a conversation no agent answered, or one neither marked nor asked before', async () => {
    const { store, drafts, activities, env } = setup();
    expect(await env.run(activities.draftKnowledgeSuggestion, draftInput('c-none', true))).toEqual({
      remindAfterSeconds: 3600,
      outcome: 'NOT_NEEDED',
      suggestionId: null,
      reason: 'no agent answer to learn from',
    });
    store.materialOf.set(scim.conversationId, scim);
    expect(await env.run(activities.draftKnowledgeSuggestion, draftInput('c-scim', false))).toMatchObject({
      outcome: 'NOT_NEEDED',
      reason: 'not marked KB-worthy and not asked before',
    });
    expect(drafts).toHaveLength(0);
    expect(store.suggestions.size).toBe(0);
  });

  it('drafts from a KB-worthy resolution, once per workflow however often the attempt is retried', async () => {
    const { store, drafts, activities, env } = setup();
    store.materialOf.set(scim.conversationId, scim);
    const first = await env.run(activities.draftKnowledgeSuggestion, draftInput('c-scim', true));
    const retried = await env.run(activities.draftKnowledgeSuggestion, draftInput('c-scim', true));
    expect(first).toEqual({
      remindAfterSeconds: 3600,
      outcome: 'CREATED',
      suggestionId: suggestionIdFor('kb-suggestion-c-scim'),
      reason: 'new article',
    });
    // The retry finds the same suggestion id (an open suggestion for the same question: its own).
    expect(retried.suggestionId).toBe(first.suggestionId);
    expect(drafts[0]).toEqual({
      question: scim.question,
      agentReplies: scim.agentReplies,
      route: '/settings/security',
    });
    expect(store.suggestions.size).toBe(1);
    expect([...store.suggestions.values()][0]).toMatchObject({
      question: scim.question,
      title: 'Can I rotate the SCIM token for Okta provisioning?',
      targetArticleId: null,
    });
    expect(await store.sources([first.suggestionId!])).toEqual([
      { suggestionId: first.suggestionId, conversationId: 'c-scim' },
    ]);
  });

  it('drafts without the mark when agents answered the same uncovered question before, from both answers', async () => {
    const { store, drafts, activities, env } = setup();
    const earlier: ResolvedMaterial = {
      ...scim,
      conversationId: 'c-earlier',
      question: 'How do I rotate our SCIM provisioning token?',
      agentReplies: ['Regenerate it under Settings, Security, SCIM.'],
    };
    store.materialOf.set(scim.conversationId, scim).set(earlier.conversationId, earlier);
    store.uncovered = ['c-earlier', 'c-scim'];
    const result = await env.run(activities.draftKnowledgeSuggestion, draftInput('c-scim', false));
    expect(result.outcome).toBe('CREATED');
    expect(drafts[0].agentReplies).toEqual([...scim.agentReplies, ...earlier.agentReplies]);
    expect((await store.sources([result.suggestionId!])).map((s) => s.conversationId)).toEqual(['c-scim', 'c-earlier']);
  });

  it('joins a conversation to the open suggestion that asks the same question instead of drafting again', async () => {
    const { store, drafts, activities, env } = setup();
    store.materialOf.set(scim.conversationId, scim);
    const open = await env.run(activities.draftKnowledgeSuggestion, draftInput('c-scim', true));
    const again: ResolvedMaterial = {
      ...scim,
      conversationId: 'c-again',
      question: 'How do I rotate our SCIM provisioning token?',
    };
    store.materialOf.set(again.conversationId, again);
    const merged = await env.run(activities.draftKnowledgeSuggestion, draftInput('c-again', true));
    expect(merged).toMatchObject({ outcome: 'MERGED', suggestionId: open.suggestionId });
    expect(merged.reason).toMatch(/^same question as an open suggestion/);
    expect(drafts).toHaveLength(1);
    expect((await store.sources([open.suggestionId!])).map((s) => s.conversationId)).toEqual(['c-scim', 'c-again']);
  });

  it('revises the published article that already covers the question instead of adding a near-duplicate', async () => {
    const { store, activities, env } = setup();
    const pdf: ResolvedMaterial = {
      conversationId: 'c-pdf',
      question: 'How do I export a dashboard to PDF?',
      agentReplies: ['Large dashboards export in the background and arrive by email.'],
      route: '/dashboards/2210',
      trigger: 'LOW_CONFIDENCE',
    };
    store.materialOf.set(pdf.conversationId, pdf);
    const result = await env.run(activities.draftKnowledgeSuggestion, draftInput('c-pdf', true));
    expect(result).toMatchObject({ outcome: 'CREATED', reason: 'revises “Exporting dashboards to PDF”' });
    expect(store.suggestions.get(result.suggestionId!)).toMatchObject({
      targetArticleId: 'kb-001',
      title: 'Exporting dashboards to PDF',
      body: `${published[0].body}\n\n${draftOf(pdf).body}`,
    });
  });
});

describe('replayKnowledgeSuggestion', () => {
  it('re-runs recent escalated first turns with the draft in the knowledge base and stores who would stay with the AI', async () => {
    const { store, replayKbs, activities, env } = setup();
    store.materialOf.set(scim.conversationId, scim);
    const { suggestionId } = await env.run(activities.draftKnowledgeSuggestion, draftInput('c-scim', true));
    store.escalated = [
      { id: 'e-1', question: 'How do I rotate our SCIM provisioning token?', pageContext: {}, tier: 'PRO' },
      { id: 'e-2', question: 'Why was my card charged twice?', pageContext: {}, tier: 'FREE' },
      { id: 'e-3', question: 'Can I rotate the SCIM token for Okta provisioning?', pageContext: {}, tier: null },
    ];
    const report = await env.run(activities.replayKnowledgeSuggestion, { suggestionId: suggestionId! });
    // replayLimit 2: the third is not re-run.
    expect(report).toMatchObject({ total: 2, wouldAnswer: 1, conversations: [{ id: 'e-1' }] });
    expect(report.conversations[0].confidence).toBeGreaterThan(0.6);
    expect(store.suggestions.get(suggestionId!)!.replay).toEqual(report);
    // The replay's knowledge base is the published one plus the draft, under the suggestion's own id.
    const { articles } = await replayKbs[0].current();
    expect([...articles.keys()]).toEqual(['kb-001', 'kb-002', `suggestion-${suggestionId}`]);
  });

  it('fails for good on an unknown suggestion (NOT_FOUND)', async () => {
    const { activities, env } = setup();
    const err = await env.failure(activities.replayKnowledgeSuggestion, { suggestionId: 'nope' });
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'NOT_FOUND', nonRetryable: true });
  });
});
