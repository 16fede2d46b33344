import { log } from '@temporalio/activity';
import type { Runnable } from '@langchain/core/runnables';
import { KbIndex } from '../../src/ai/analysis/kb-index';
import type { ArticleDrafter } from '../../src/ai/kb-draft';
import { scrubPersonalData } from '../../src/ai/scrub';
import { StaticKb, type KbCache, type KbSource } from '../../src/ai/kb-cache';
import type { TurnRequest, TurnResult } from '../../src/ai/types';
import type { AgentNotification } from '../../src/integrations/notification';
import type { PolicyService } from '../../src/services/policy.service';
import {
  type KnowledgeStore,
  type PublishedArticle,
  type ReplayReport,
  type ResolvedMaterial,
} from '../../src/services/knowledge-store';
import { decideEscalation } from '../../domain/decide';
import type { Tier } from '../../domain/escalation';
import type {
  DraftKnowledgeInput,
  DraftKnowledgeResult,
  ReviewKnowledgeRequest,
} from '../../workflows/knowledge/knowledge.messages';

/** A draft this close to an open suggestion is the same question: the conversation joins that suggestion. */
const SAME_QUESTION = 0.7;
/** A draft this close to a published article revises that article instead of adding a near-duplicate. */
const SAME_ARTICLE = 0.8;

/** The learning loop's reads and writes (KnowledgeStore in the worker). */
export type KnowledgeWrites = Pick<
  KnowledgeStore,
  | 'material'
  | 'materials'
  | 'uncoveredResolutions'
  | 'openSuggestionsAsArticles'
  | 'join'
  | 'create'
  | 'require'
  | 'escalatedFirstTurns'
  | 'setReplay'
  | 'publish'
  | 'reject'
  | 'sources'
  | 'countReminder'
>;

export interface KnowledgeActivityDeps {
  store: KnowledgeWrites;
  kb: Pick<KbCache, 'current' | 'invalidate' | 'articlesNow'>;
  policies: Pick<PolicyService, 'current'>;
  drafter: ArticleDrafter;
  /** Builds the configured AI pipeline over a given knowledge base (a replay adds the draft to it). */
  answererFor(kb: KbSource): Runnable<TurnRequest, TurnResult>;
  remindAfterSeconds: number;
  /** How many recent escalated conversations a replay re-runs (each is one AI call with an LLM provider). */
  replayLimit: number;
  notify(n: AgentNotification): Promise<unknown>;
}

const asArticle = (id: string, title: string, body: string) => ({ id, title, body, tags: [], routes: [] });

export function createKnowledgeActivities(deps: KnowledgeActivityDeps) {
  const { store } = deps;

  /** Earlier agent-resolved uncovered questions that ask what this one asks. */
  async function sameQuestionResolvedBefore(m: ResolvedMaterial): Promise<ResolvedMaterial[]> {
    if (m.trigger !== 'LOW_CONFIDENCE') return [];
    const earlier = await store.materials(await store.uncoveredResolutions(m.conversationId));
    if (earlier.length === 0) return [];
    const index = KbIndex.build(earlier.map((e) => asArticle(e.conversationId, e.question, e.agentReplies.join('\n'))));
    const best = index.answerConfidence(m.question);
    return best.articleId && best.confidence >= SAME_QUESTION
      ? earlier.filter((e) => e.conversationId === best.articleId)
      : [];
  }

  return {
    /**
     * Drafts a KB article from an agent-resolved conversation, or joins the conversation to an open suggestion for
     * the same question. Without kbWorthy it drafts only when agents have now answered the same uncovered question
     * twice. Idempotent: the suggestion id derives from the workflow id.
     */
    async draftKnowledgeSuggestion(input: DraftKnowledgeInput): Promise<DraftKnowledgeResult> {
      const base = { remindAfterSeconds: deps.remindAfterSeconds };
      const material = await store.material(input.conversationId);
      if (!material)
        return { ...base, outcome: 'NOT_NEEDED', suggestionId: null, reason: 'no agent answer to learn from' };
      const related = input.kbWorthy ? [] : await sameQuestionResolvedBefore(material);
      if (!input.kbWorthy && related.length === 0)
        return {
          ...base,
          outcome: 'NOT_NEEDED',
          suggestionId: null,
          reason: 'not marked KB-worthy and not asked before',
        };
      const sources = [material.conversationId, ...related.map((r) => r.conversationId)];

      const open = await store.openSuggestionsAsArticles();
      if (open.length > 0) {
        const match = KbIndex.build(open).answerConfidence(material.question);
        if (match.articleId && match.confidence >= SAME_QUESTION) {
          await store.join(match.articleId, sources);
          return {
            ...base,
            outcome: 'MERGED',
            suggestionId: match.articleId,
            reason: `same question as an open suggestion (${match.evidence})`,
          };
        }
      }
      const draft = await deps.drafter({
        question: material.question,
        agentReplies: [...material.agentReplies, ...related.flatMap((r) => r.agentReplies)],
        route: material.route,
      });
      const kb = await deps.kb.current();
      const covered = kb.index.answerConfidence(`${draft.title}. ${material.question}`);
      const target =
        covered.articleId && covered.confidence >= SAME_ARTICLE ? kb.articles.get(covered.articleId) : undefined;
      const suggestionId = await store.create({
        workflowId: input.workflowId,
        // The lead reviews the question as customers ask it, without this customer's name, ids or links.
        question: scrubPersonalData(material.question),
        title: target ? target.title : draft.title,
        body: target ? `${target.body}\n\n${draft.body}` : draft.body,
        targetArticleId: target?.id ?? null,
        sources,
      });
      return {
        ...base,
        outcome: 'CREATED',
        suggestionId,
        reason: target ? `revises “${target.title}”` : 'new article',
      };
    },

    /**
     * Re-runs the first customer turn of recent escalated conversations through the configured AI pipeline with
     * the draft added to the knowledge base (read-only), and records which would now stay with the AI.
     */
    async replayKnowledgeSuggestion(input: { suggestionId: string }): Promise<ReplayReport> {
      const s = await store.require(input.suggestionId);
      const articles = (await deps.kb.articlesNow()).filter((a) => a.id !== s.targetArticleId);
      // A revision replays under the article's own id, as it will be published.
      const draft = asArticle(s.targetArticleId ?? `suggestion-${s.id}`, s.title, s.body);
      const answerer = deps.answererFor(new StaticKb([...articles, draft]));
      const policy = await deps.policies.current();
      const past = await store.escalatedFirstTurns(deps.replayLimit);
      const stays: Array<{ id: string; confidence: number }> = [];
      for (const c of past) {
        const r = await answerer.invoke({
          question: c.question,
          previousTurns: [],
          pageContext: c.pageContext,
          categoryPrecedence: policy.document.categoryPrecedence,
        });
        const tier = (c.tier ?? 'FREE') as Tier;
        const decision = decideEscalation(
          r.signals,
          policy.document,
          policy.document.tiers.includes(tier) ? tier : 'FREE',
          0,
        );
        if (!decision.escalate) stays.push({ id: c.id, confidence: r.confidence });
      }
      const report: ReplayReport = {
        total: past.length,
        wouldAnswer: stays.length,
        conversations: stays.sort((a, b) => b.confidence - a.confidence),
      };
      await store.setReplay(s.id, report);
      return report;
    },

    async publishKnowledgeSuggestion(input: {
      suggestionId: string;
      reviewerId: string;
      edits?: { title?: string | null; body?: string | null } | null;
    }): Promise<PublishedArticle> {
      const article = await store.publish(input.suggestionId, input.reviewerId, input.edits ?? {});
      deps.kb.invalidate();
      return article;
    },

    async rejectKnowledgeSuggestion(
      input: ReviewKnowledgeRequest & { suggestionId: string },
    ): Promise<{ status: string }> {
      const row = await store.reject(input.suggestionId, input.reviewerId, input.reason ?? '');
      return { status: row.status };
    },

    /** A suggestion left pending: its reviewers (lead agents) hear about it again. */
    async remindSuggestionReviewers(input: { suggestionId: string; reminder: number }): Promise<void> {
      const s = await store.require(input.suggestionId);
      if (s.status !== 'PENDING') return;
      const [source] = await store.sources([s.id]);
      if (!source) return;
      await store.countReminder(s.id, input.reminder);
      await deps.notify({
        conversationId: source.conversationId,
        kind: 'KB_SUGGESTION_PENDING',
        audience: ['LEAD'],
        message: `A knowledge-base suggestion is waiting for review: “${s.title}” (reminder ${input.reminder})`,
        dedupeKey: `kb-suggestion-${s.id}-reminder-${input.reminder}`,
      });
      log.info('reminded reviewers of a pending suggestion', { suggestionId: s.id, reminder: input.reminder });
    },
  };
}
