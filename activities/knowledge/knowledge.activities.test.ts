import { RunnableLambda } from '@langchain/core/runnables';
import { ApplicationFailure } from '@temporalio/common';
import type { KbArticleInput } from '../../src/ai/analysis/kb-index';
import type { ArticleDrafter, DraftMaterial } from '../../src/ai/kb-draft';
import { type KbSource, StaticKb } from '../../src/ai/kb-cache';
import type { TurnRequest, TurnResult } from '../../src/ai/types';
import { conflict, notFound } from '../../src/errors';
import type { AgentNotification } from '../../src/integrations/notification';
import type { ResolvedMaterial, SuggestionRow } from '../../src/services/knowledge-store';
import { suggestionIdFor } from '../../src/services/knowledge-store';
import { activityEnv, demoPolicy } from '../../test/support/activity-env';
import { createKnowledgeActivities, type KnowledgeWrites } from './knowledge.activities';

const article = (id: string, title: string, body: string): KbArticleInput => ({
  id,
  title,
  body,
  tags: [],
  routes: [],
});
const published = [
  article('kb-001', 'Exporting dashboards to PDF', 'Open the dashboard, click Share, then Export as PDF.'),
  article('kb-002', 'Resetting your password', 'On the sign-in page choose Forgot password and follow the email link.'),
];

const scim: ResolvedMaterial = {
  conversationId: 'c-scim',
  question: 'Can I rotate the SCIM token for Okta provisioning?',
  agentReplies: ['Yes: Settings, Security, SCIM, then Regenerate token. Update it in Okta right after.'],
  route: '/settings/security',
  trigger: 'LOW_CONFIDENCE',
};

/**
 * The learning loop's tables in memory, with the store's contract: a suggestion is created once per workflow id
 * (a retry finds it), sources are a set, an approval or rejection happens once and a second different one is a
 * CONFLICT, an unknown id is NOT_FOUND.
 */
class FakeKnowledgeStore implements KnowledgeWrites {
  readonly materialOf = new Map<string, ResolvedMaterial>();
  uncovered: string[] = [];
  readonly suggestions = new Map<string, SuggestionRow>();
  readonly sourceIds = new Map<string, Set<string>>();
  escalated: Array<{ id: string; question: string; pageContext: object; tier: string | null }> = [];

  async material(id: string) {
    return this.materialOf.get(id) ?? null;
  }
  async materials(ids: string[]) {
    return ids.flatMap((id) => this.materialOf.get(id) ?? []);
  }
  async uncoveredResolutions(except: string) {
    return this.uncovered.filter((id) => id !== except);
  }
  async openSuggestionsAsArticles() {
    return [...this.suggestions.values()]
      .filter((s) => s.status === 'PENDING')
      .map((s) => article(s.id, s.title, `${s.question}\n\n${s.body}`));
  }
  async join(id: string, conversationIds: string[]) {
    for (const c of conversationIds) this.sourceIds.get(id)!.add(c);
  }
  async create(s: Parameters<KnowledgeWrites['create']>[0]) {
    const id = suggestionIdFor(s.workflowId);
    if (!this.suggestions.has(id)) {
      this.suggestions.set(id, {
        id,
        workflowId: s.workflowId,
        status: 'PENDING',
        question: s.question,
        title: s.title,
        body: s.body,
        targetArticleId: s.targetArticleId,
        articleId: null,
        replay: null,
        reviewedBy: null,
        rejectReason: null,
        reminders: 0,
        createdAt: new Date('2026-03-01T00:00:00Z'),
      });
      this.sourceIds.set(id, new Set());
    }
    await this.join(id, s.sources);
    return id;
  }
  async require(id: string) {
    const s = this.suggestions.get(id);
    if (!s) throw notFound('knowledge suggestion');
    return s;
  }
  async escalatedFirstTurns(limit: number) {
    return this.escalated.slice(0, limit);
  }
  async setReplay(id: string, replay: SuggestionRow['replay']) {
    (await this.require(id)).replay = replay;
  }
  async publish(id: string, reviewerId: string, edits: { title?: string | null; body?: string | null }) {
    const s = await this.require(id);
    if (s.status === 'APPROVED' && s.articleId) return { id: s.articleId, title: s.title, body: s.body, version: 1 };
    if (s.status !== 'PENDING') throw conflict(`the suggestion was already ${s.status.toLowerCase()}`);
    Object.assign(s, {
      status: 'APPROVED',
      reviewedBy: reviewerId,
      title: edits.title?.trim() || s.title,
      body: edits.body?.trim() || s.body,
      articleId: s.targetArticleId ?? `kb-new-${id.slice(0, 6)}`,
    });
    return { id: s.articleId!, title: s.title, body: s.body, version: 1 };
  }
  async reject(id: string, reviewerId: string, reason: string) {
    const s = await this.require(id);
    if (s.status !== 'PENDING' && !(s.status === 'REJECTED' && s.reviewedBy === reviewerId))
      throw conflict(`the suggestion was already ${s.status.toLowerCase()}`);
    Object.assign(s, { status: 'REJECTED', reviewedBy: reviewerId, rejectReason: reason });
    return s;
  }
  async sources(ids: readonly string[]) {
    return ids.flatMap((id) =>
      [...(this.sourceIds.get(id) ?? [])].map((conversationId) => ({ suggestionId: id, conversationId })),
    );
  }
  async countReminder(id: string, n: number) {
    const s = await this.require(id);
    s.reminders = Math.max(s.reminders, n);
  }
}

const draftOf = (m: DraftMaterial) => ({ title: m.question, body: m.agentReplies.join('\n\n') });

/** A turn answered from whatever knowledge base the answerer was built over, with that base's confidence. */
const answeredFrom = (kb: KbSource) =>
  RunnableLambda.from(async (req: TurnRequest): Promise<TurnResult> => {
    const { index } = await kb.current();
    const c = index.answerConfidence(req.question);
    return {
      answer: 'an answer',
      confidence: c.confidence,
      sources: [],
      signals: {
        explicitRequest: { detected: false, evidence: null },
        category: { category: null, score: 0, evidence: null },
        frustration: { score: 0, signals: [], evidence: null },
        answer: { confidence: c.confidence, articleId: c.articleId, evidence: c.evidence },
        problem: { continuesPrevious: false, smallTalk: false },
      },
    };
  });

function setup() {
  const store = new FakeKnowledgeStore();
  const drafts: DraftMaterial[] = [];
  // Like the embedded drafter: the question as the title, the agents' answers as the body.
  const drafter: ArticleDrafter = async (m) => {
    drafts.push(m);
    return draftOf(m);
  };
  const notified: AgentNotification[] = [];
  const replayKbs: KbSource[] = [];
  let invalidations = 0;
  const kb = new StaticKb(published);
  const activities = createKnowledgeActivities({
    store,
    kb: {
      current: () => kb.current(),
      articlesNow: async () => published,
      invalidate: () => void invalidations++,
    },
    policies: { current: async () => ({ version: 2, document: demoPolicy() }) },
    drafter,
    answererFor: (source) => {
      replayKbs.push(source);
      return answeredFrom(source);
    },
    remindAfterSeconds: 3600,
    replayLimit: 2,
    notify: async (n) => void notified.push(n),
  });
  return { store, drafts, notified, replayKbs, invalidations: () => invalidations, activities, env: activityEnv() };
}

const draftInput = (conversationId: string, kbWorthy: boolean) => ({
  conversationId,
  kbWorthy,
  workflowId: `kb-suggestion-${conversationId}`,
});

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
