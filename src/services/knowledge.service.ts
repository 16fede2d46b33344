import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import type { ReviewKnowledgeRequest, ReviewKnowledgeResult } from '../../workflows/knowledge/knowledge.messages';
import type { Principal } from '../auth/jwt';
import { AgentEntity, ConversationEntity } from '../db/entities';
import { badInput, conflict, forbidden } from '../errors';
import type { KnowledgeGateway } from '../temporal/knowledge-gateway';
import { KnowledgeStore, type PublishedArticle, type SuggestionRow, type SuggestionStatus } from './knowledge-store';
import { decodeCursor, pageOf, pageSize, type Page } from './pagination';

const MAX_TITLE = 200;
const MAX_BODY = 20_000;

/** The learning loop as agents and admins see it: suggestions to review, and publishing them as KB articles. */
export class KnowledgeService {
  private readonly store: KnowledgeStore;

  constructor(
    private readonly ds: DataSource,
    private readonly temporal: KnowledgeGateway,
  ) {
    this.store = new KnowledgeStore(ds);
  }

  async list(
    status: SuggestionStatus | null,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Page<SuggestionRow>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const rows = await this.store.list(
      status,
      size + 1,
      cursor ? { createdAt: String(cursor[0]), id: String(cursor[1]) } : null,
    );
    return pageOf(rows, size, (r) => [new Date(r.createdAt).toISOString(), r.id], cursor !== null);
  }

  get(id: string): Promise<SuggestionRow> {
    return this.store.require(id);
  }

  /** Source conversations per suggestion, for a DataLoader (one query for a page of suggestions). */
  async sourcesOf(suggestionIds: readonly string[]): Promise<ConversationEntity[][]> {
    const links = await this.store.sources(suggestionIds);
    const ids = [...new Set(links.map((l) => l.conversationId))];
    const conversations = ids.length ? await this.ds.getRepository(ConversationEntity).findBy({ id: In(ids) }) : [];
    const byId = new Map(conversations.map((c) => [c.id, c]));
    return suggestionIds.map((s) =>
      links
        .filter((l) => l.suggestionId === s)
        .map((l) => byId.get(l.conversationId)!)
        .filter(Boolean),
    );
  }

  /** Admins, and lead agents: the people who own what the AI tells customers. */
  private async reviewer(principal: Principal): Promise<string> {
    if (principal.role === 'admin') return `admin:${principal.sub}`;
    if (principal.role === 'agent') {
      const agent = await this.ds.getRepository(AgentEntity).findOneBy({ id: principal.sub });
      if (agent?.tier === 'LEAD') return agent.id;
    }
    throw forbidden('only admins and lead agents review knowledge suggestions');
  }

  async approve(
    principal: Principal,
    id: string,
    edits: { title?: string | null; body?: string | null } | null,
  ): Promise<PublishedArticle> {
    const reviewerId = await this.reviewer(principal);
    if (
      edits?.title !== undefined &&
      edits.title !== null &&
      (edits.title.trim().length < 3 || edits.title.length > MAX_TITLE)
    ) {
      throw badInput(`edits.title must be 3 to ${MAX_TITLE} characters`);
    }
    if (
      edits?.body !== undefined &&
      edits.body !== null &&
      (edits.body.trim().length < 10 || edits.body.length > MAX_BODY)
    ) {
      throw badInput(`edits.body must be 10 to ${MAX_BODY} characters`);
    }
    const result = await this.review(id, { decision: 'APPROVE', reviewerId, edits });
    return result.article!;
  }

  async reject(principal: Principal, id: string, reason: string): Promise<SuggestionRow> {
    const reviewerId = await this.reviewer(principal);
    if (!reason.trim()) throw badInput('a rejection needs a reason');
    await this.review(id, { decision: 'REJECT', reviewerId, reason: reason.trim() });
    return this.store.require(id);
  }

  /** The suggestion's workflow carries out the review: one decision wins, and its timer of reminders stops. */
  private async review(id: string, req: ReviewKnowledgeRequest): Promise<ReviewKnowledgeResult> {
    const s = await this.store.require(id);
    if (s.status !== 'PENDING') throw conflict(`the suggestion was already ${s.status.toLowerCase()}`);
    return this.temporal.reviewSuggestion({ suggestionId: s.id, workflowId: s.workflowId, request: req });
  }
}
