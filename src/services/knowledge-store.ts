import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { PageContext } from '../../domain/conversation';
import type { KbArticleInput } from '../ai/analysis/kb-index';
import { ConversationEventReads } from '../db/events/event-reads';
import { storedReplayReport } from '../db/json/report-json';
import { storedConversation } from '../db/json/conversation-json';
import { conflict, notFound } from '../errors';

export type SuggestionStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

export interface SuggestionRow {
  id: string;
  workflowId: string;
  status: SuggestionStatus;
  question: string;
  title: string;
  body: string;
  targetArticleId: string | null;
  articleId: string | null;
  replay: ReplayReport | null;
  reviewedBy: string | null;
  rejectReason: string | null;
  reminders: number;
  createdAt: Date;
}

export interface ReplayReport {
  total: number;
  wouldAnswer: number;
  conversations: Array<{ id: string; confidence: number }>;
}

/** One resolved conversation as draft material: the question the AI could not answer and what the agent replied. */
export interface ResolvedMaterial {
  conversationId: string;
  question: string;
  agentReplies: string[];
  route: string | null;
  trigger: string | null;
}

export interface PublishedArticle {
  id: string;
  title: string;
  body: string;
  version: number;
}

/** A row as selected: the replay (JSONB) not yet read through its schema. */
type StoredSuggestionRow = Omit<SuggestionRow, 'replay'> & { replay: unknown };
const suggestionOf = (r: StoredSuggestionRow): SuggestionRow => ({ ...r, replay: storedReplayReport(r.id, r.replay) });

const COLUMNS = `id, workflow_id AS "workflowId", status, question, title, body, target_article_id AS "targetArticleId",
  article_id AS "articleId", replay, reviewed_by AS "reviewedBy", reject_reason AS "rejectReason", reminders,
  created_at AS "createdAt"`;

/** A stable id from a workflow id: a retried activity inserts the same suggestion, never a second one. */
export function suggestionIdFor(workflowId: string): string {
  const h = createHash('sha256').update(`kb-suggestion:${workflowId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The article id a suggestion publishes under: readable, and the same on every retry. */
export function articleIdFor(suggestionId: string, title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `kb-${slug || 'article'}-${suggestionId.slice(0, 6)}`;
}

/** The learning loop's tables: suggestions, their source conversations, and publishing into kb_articles. */
export class KnowledgeStore {
  private readonly events: ConversationEventReads;

  constructor(private readonly ds: DataSource) {
    this.events = new ConversationEventReads(ds);
  }

  async get(id: string, m: Pick<EntityManager, 'query'> = this.ds): Promise<SuggestionRow | null> {
    const rows: StoredSuggestionRow[] = await m.query(`SELECT ${COLUMNS} FROM knowledge_suggestions WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? suggestionOf(rows[0]) : null;
  }

  async require(id: string): Promise<SuggestionRow> {
    const row = await this.get(id);
    if (!row) throw notFound('knowledge suggestion');
    return row;
  }

  async pending(): Promise<SuggestionRow[]> {
    const rows: StoredSuggestionRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM knowledge_suggestions WHERE status = 'PENDING' ORDER BY created_at, id`,
    );
    return rows.map(suggestionOf);
  }

  /** Newest first; `before` is the keyset cursor (created_at, id) of the last row of the previous page. */
  async list(
    status: SuggestionStatus | null,
    limit: number,
    before: { createdAt: string; id: string } | null,
  ): Promise<SuggestionRow[]> {
    const rows: StoredSuggestionRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM knowledge_suggestions
       WHERE ($1::text IS NULL OR status = $1) AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [status, before?.createdAt ?? null, before?.id ?? null, limit],
    );
    return rows.map(suggestionOf);
  }

  async sources(suggestionIds: readonly string[]): Promise<Array<{ suggestionId: string; conversationId: string }>> {
    return this.ds.query(
      `SELECT suggestion_id AS "suggestionId", conversation_id AS "conversationId" FROM knowledge_suggestion_sources
       WHERE suggestion_id = ANY($1::uuid[]) ORDER BY added_at, conversation_id`,
      [suggestionIds],
    );
  }

  /** The question that escalated (the customer turn with the least confident decision) and the agents' replies. */
  async material(conversationId: string): Promise<ResolvedMaterial | null> {
    return (await this.materials([conversationId]))[0] ?? null;
  }

  /** Draft material for many conversations in two queries; those without an agent answer are left out. */
  async materials(conversationIds: string[]): Promise<ResolvedMaterial[]> {
    if (conversationIds.length === 0) return [];
    const conversations = (await this.ds.query(
      `SELECT id, page_context->>'route' AS route, escalation->>'reason' AS trigger FROM conversations WHERE id = ANY($1::uuid[])`,
      [conversationIds],
    )) as Array<{ id: string; route: string | null; trigger: string | null }>;
    const messages = await this.events.turnsWithConfidence(conversationIds);
    const out: ResolvedMaterial[] = [];
    for (const c of conversations) {
      const own = messages.filter((m) => m.conversationId === c.id);
      const firstAgent = own.findIndex((m) => m.kind === 'AGENT');
      const asked = own.slice(0, Math.max(0, firstAgent)).filter((m) => m.kind === 'CUSTOMER');
      if (firstAgent < 0 || asked.length === 0) continue;
      const question = asked.reduce(
        (best, m) => ((m.confidence ?? 1) < (best.confidence ?? 1) ? m : best),
        asked[0],
      ).body;
      const agentReplies = own
        .slice(firstAgent)
        .filter((m) => m.kind === 'AGENT')
        .map((m) => m.body);
      out.push({ conversationId: c.id, question, agentReplies, route: c.route, trigger: c.trigger });
    }
    return out;
  }

  /**
   * Agent-resolved conversations whose question the AI could not answer (they escalated for low confidence), in
   * the last 90 days, that no suggestion draws on yet: candidates for "the same uncovered question twice".
   */
  async uncoveredResolutions(exceptConversationId: string, limit = 200): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT c.id FROM conversations c
       WHERE c.resolved_by = 'AGENT' AND c.escalation->>'reason' = 'LOW_CONFIDENCE' AND c.id <> $1
         AND c.resolved_at > now() - interval '90 days'
         AND NOT EXISTS (SELECT 1 FROM knowledge_suggestion_sources s WHERE s.conversation_id = c.id)
       ORDER BY c.resolved_at DESC LIMIT $2`,
      [exceptConversationId, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Inserts the suggestion once per workflow (a retry finds it) with its source conversations. */
  async create(s: {
    workflowId: string;
    question: string;
    title: string;
    body: string;
    targetArticleId: string | null;
    sources: string[];
  }): Promise<string> {
    const id = suggestionIdFor(s.workflowId);
    await this.ds.transaction(async (m) => {
      await m.query(
        `INSERT INTO knowledge_suggestions (id, workflow_id, question, title, body, target_article_id)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (workflow_id) DO NOTHING`,
        [id, s.workflowId, s.question, s.title, s.body, s.targetArticleId],
      );
      await this.addSources(m, id, s.sources);
    });
    return id;
  }

  /** Links more conversations to an open suggestion (the same question, asked again). */
  async join(suggestionId: string, conversationIds: string[]): Promise<void> {
    await this.addSources(this.ds, suggestionId, conversationIds);
  }

  private async addSources(
    m: Pick<EntityManager, 'query'>,
    suggestionId: string,
    conversationIds: string[],
  ): Promise<void> {
    if (conversationIds.length === 0) return;
    await m.query(
      `INSERT INTO knowledge_suggestion_sources (suggestion_id, conversation_id)
       SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [suggestionId, conversationIds],
    );
  }

  async setReplay(id: string, replay: ReplayReport): Promise<void> {
    await this.ds.query(`UPDATE knowledge_suggestions SET replay = $2, updated_at = now() WHERE id = $1`, [
      id,
      JSON.stringify(replay),
    ]);
  }

  async countReminder(id: string, n: number): Promise<void> {
    await this.ds.query(`UPDATE knowledge_suggestions SET reminders = GREATEST(reminders, $2) WHERE id = $1`, [id, n]);
  }

  /** First customer turn of recent escalated conversations: what a replay re-runs. */
  async escalatedFirstTurns(
    limit: number,
  ): Promise<Array<{ id: string; question: string; pageContext: PageContext; tier: string | null }>> {
    const rows: Array<{ id: string; question: string; pageContext: unknown; tier: string | null }> =
      await this.ds.query(
        `SELECT c.id, m.body AS question, c.page_context AS "pageContext", c.tier
       FROM conversations c
       JOIN LATERAL (SELECT body FROM messages WHERE conversation_id = c.id AND author_kind = 'CUSTOMER' ORDER BY seq LIMIT 1) m ON true
       WHERE c.escalated_at IS NOT NULL
       ORDER BY c.escalated_at DESC LIMIT $1`,
        [limit],
      );
    return rows.map((r) => ({ ...r, pageContext: storedConversation.pageContext(r.id, r.pageContext) }));
  }

  /**
   * Approval, in one transaction: the suggestion becomes APPROVED and its article is published (a new article, or
   * the next version of the one it revises). A retry of the same approval returns the article it published.
   */
  async publish(
    id: string,
    reviewerId: string,
    edits: { title?: string | null; body?: string | null },
  ): Promise<PublishedArticle> {
    return this.ds.transaction(async (m) => {
      const [s] = (await m.query(`SELECT ${COLUMNS} FROM knowledge_suggestions WHERE id = $1 FOR UPDATE`, [
        id,
      ])) as StoredSuggestionRow[];
      if (!s) throw notFound('knowledge suggestion');
      if (s.status === 'APPROVED' && s.articleId) return this.article(m, s.articleId);
      if (s.status !== 'PENDING') throw conflict(`the suggestion was already ${s.status.toLowerCase()}`);
      const title = edits.title?.trim() || s.title;
      const body = edits.body?.trim() || s.body;
      const routes: Array<{ route: string }> = await m.query(
        `SELECT DISTINCT c.page_context->>'route' AS route FROM knowledge_suggestion_sources k JOIN conversations c ON c.id = k.conversation_id
         WHERE k.suggestion_id = $1 AND c.page_context->>'route' IS NOT NULL`,
        [id],
      );
      let articleId: string;
      if (s.targetArticleId) {
        articleId = s.targetArticleId;
        await m.query(
          `UPDATE kb_articles SET title = $2, body = $3, version = version + 1, updated_at = now(), source_suggestion_id = $4 WHERE id = $1`,
          [articleId, title, body, id],
        );
      } else {
        articleId = articleIdFor(id, title);
        await m.query(
          `INSERT INTO kb_articles (id, title, body, tags, routes, keywords, version, source_suggestion_id)
           VALUES ($1, $2, $3, '{}', $4, '', 1, $5)`,
          [articleId, title, body, routes.map((r) => r.route), id],
        );
      }
      // The article's history (the knowledge screen shows each version and who wrote it).
      await m.query(
        `INSERT INTO kb_article_versions (article_id, version, title, body, tags, routes, edited_by)
         SELECT id, version, title, body, tags, routes, $2 FROM kb_articles WHERE id = $1 ON CONFLICT DO NOTHING`,
        [articleId, reviewerId],
      );
      await m.query(
        `UPDATE knowledge_suggestions SET status = 'APPROVED', title = $2, body = $3, article_id = $4, reviewed_by = $5, updated_at = now() WHERE id = $1`,
        [id, title, body, articleId, reviewerId],
      );
      return this.article(m, articleId);
    });
  }

  async reject(id: string, reviewerId: string, reason: string): Promise<SuggestionRow> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `UPDATE knowledge_suggestions SET status = 'REJECTED', reviewed_by = $2, reject_reason = $3, updated_at = now()
       WHERE id = $1 AND (status = 'PENDING' OR (status = 'REJECTED' AND reviewed_by = $2)) RETURNING id`,
      [id, reviewerId, reason],
    );
    if (rows.length === 0) {
      const s = await this.get(id);
      if (!s) throw notFound('knowledge suggestion');
      throw conflict(`the suggestion was already ${s.status.toLowerCase()}`);
    }
    return (await this.get(id))!;
  }

  async article(m: Pick<EntityManager, 'query'>, articleId: string): Promise<PublishedArticle> {
    const [a] = (await m.query('SELECT id, title, body, version FROM kb_articles WHERE id = $1', [
      articleId,
    ])) as PublishedArticle[];
    if (!a) throw notFound('article');
    return a;
  }

  /** Articles and open suggestions as one searchable set, for de-duplicating a new draft. */
  async openSuggestionsAsArticles(): Promise<KbArticleInput[]> {
    return (await this.pending()).map((s) => ({
      id: s.id,
      title: s.title,
      body: `${s.question}\n\n${s.body}`,
      tags: [],
      routes: [],
    }));
  }
}
