/** The knowledge activities on in-memory fakes: what activities/knowledge/*.test.ts build them with. */
import { RunnableLambda } from '@langchain/core/runnables';
import type { KbArticleInput } from '../../src/ai/analysis/kb-index';
import type { ArticleDrafter, DraftMaterial } from '../../src/ai/kb-draft';
import { type KbSource, StaticKb } from '../../src/ai/kb-cache';
import type { TurnRequest, TurnResult } from '../../src/ai/types';
import { conflict, notFound } from '../../src/errors';
import type { AgentNotification } from '../../src/integrations/notification';
import type { ResolvedMaterial, SuggestionRow } from '../../src/services/knowledge-store';
import { suggestionIdFor } from '../../src/services/knowledge-store';
import { activityEnv, demoPolicy } from './activity-env';
import { createKnowledgeActivities, type KnowledgeWrites } from '../../activities/knowledge/knowledge.activities';

const article = (id: string, title: string, body: string): KbArticleInput => ({
  id,
  title,
  body,
  tags: [],
  routes: [],
});
export const published = [
  article('kb-001', 'Exporting dashboards to PDF', 'Open the dashboard, click Share, then Export as PDF.'),
  article('kb-002', 'Resetting your password', 'On the sign-in page choose Forgot password and follow the email link.'),
];

export const scim: ResolvedMaterial = {
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
export class FakeKnowledgeStore implements KnowledgeWrites {
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

export const draftOf = (m: DraftMaterial) => ({ title: m.question, body: m.agentReplies.join('\n\n') });

/** A turn answered from whatever knowledge base the answerer was built over, with that base's confidence. */
export const answeredFrom = (kb: KbSource) =>
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

export function setup() {
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

export const draftInput = (conversationId: string, kbWorthy: boolean) => ({
  conversationId,
  kbWorthy,
  workflowId: `kb-suggestion-${conversationId}`,
});
