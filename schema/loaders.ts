import DataLoader from 'dataloader';
import type { AgentEntity, ConversationEntity, CustomerEntity, MessageEntity } from '../src/db/entities';
import type { AgentDeskService } from '../src/services/agent-desk.service';
import type { BillingActionRow } from '../src/services/billing.service';
import type { ConversationBatchReads, MessageWindow } from '../src/services/conversation-batch-reads';
import type { ConversationsService } from '../src/services/conversations.service';
import type { CustomersService } from '../src/services/customers.service';
import type { KbArticleRow, KbArticlesService } from '../src/services/kb-articles.service';
import type { KnowledgeService } from '../src/services/knowledge.service';
import type { InternalNote, NotesService } from '../src/services/notes.service';
import type { Page } from '../src/services/pagination';
import type { QueueInfo } from '../src/services/queue-info';

export interface LoaderOptions {
  /**
   * Off for WebSocket operations: a subscription keeps one context for all its events, and each event must read
   * what is true now (batching within one event still applies).
   */
  cache?: boolean;
}

/**
 * Per-request loaders: every relation and per-parent list field goes through one, so a page of N conversations costs
 * one query per field, not N.
 */
export function createLoaders(
  deps: {
    customers: CustomersService;
    desk: AgentDeskService;
    knowledge: KnowledgeService;
    kbArticles: Pick<KbArticlesService, 'byIds'>;
    conversations: ConversationsService;
    batch: ConversationBatchReads;
    notes?: NotesService;
  },
  opts: LoaderOptions = {},
) {
  const cache = opts.cache ?? true;
  return {
    customer: new DataLoader<string, CustomerEntity | null>(
      async (ids) => {
        const rows = await deps.customers.byIds([...ids]);
        const byId = new Map(rows.map((c) => [c.id, c]));
        return ids.map((id) => byId.get(id) ?? null);
      },
      { cache },
    ),
    agent: new DataLoader<string, AgentEntity | null>(
      async (ids) => {
        const rows = await deps.desk.agentsByIds([...ids]);
        const byId = new Map(rows.map((a) => [a.id, a]));
        return ids.map((id) => byId.get(id) ?? null);
      },
      { cache },
    ),
    /** Agent.openConversations: every agent of the request counted in one read. */
    agentOpenCount: new DataLoader<string, number>((ids) => deps.desk.openCounts(ids), { cache }),
    suggestionSources: new DataLoader<string, ConversationEntity[]>((ids) => deps.knowledge.sourcesOf(ids), { cache }),
    kbArticle: new DataLoader<string, KbArticleRow | null>((ids) => deps.kbArticles.byIds(ids), { cache }),
    /** No access check: for fields only agents and admins reach (e.g. Insights examples). */
    conversation: new DataLoader<string, ConversationEntity | null>(
      async (ids) => {
        const rows = await deps.conversations.conversationsByIds([...ids]);
        const byId = new Map(rows.map((c) => [c.id, c]));
        return ids.map((id) => byId.get(id) ?? null);
      },
      { cache },
    ),
    /** Conversation.messages: one query for every conversation (and window) of the request. */
    messages: new DataLoader<MessageWindow, Page<MessageEntity>, string>(
      (windows) => deps.batch.messagePages(windows),
      {
        cache,
        cacheKeyFn: (w) => `${w.conversationId}|${w.fromSeq}|${w.limit}`,
      },
    ),
    /** Conversation.queue, for conversations waiting for an agent. */
    queue: new DataLoader<string, QueueInfo | null>(
      async (ids) => {
        const infos = await deps.batch.queueInfos(ids);
        return ids.map((id) => infos.get(id) ?? null);
      },
      { cache },
    ),
    billingActions: new DataLoader<string, BillingActionRow[]>((ids) => deps.batch.billingActions(ids), { cache }),
    /** Conversation.notes (staff): every note of the page's conversations in one read. */
    notes: new DataLoader<string, InternalNote[]>(
      async (ids) => (deps.notes ? deps.notes.byConversationIds(ids) : ids.map(() => [])),
      { cache },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
