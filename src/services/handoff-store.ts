import type { DataSource } from 'typeorm';
import type { AiAnswerMeta, PageContext } from '../../domain/conversation';
import { storedAiMeta, storedConversation, storedMessagePage } from '../db/json/conversation-json';
import type { ConversationContext, Handoff } from './context.types';
import { queueInfo, type QueueInfo } from './queue-info';

/** What a handoff is assembled from: the conversation's row (its JSON columns parsed) and its messages in order. */
export interface HandoffMaterial {
  customerId: string;
  pageContext: PageContext;
  context: ConversationContext | null;
  /** `page`: where a customer message was sent from (absent or null: it named none). */
  messages: Array<{
    seq: number;
    authorKind: string;
    body: string;
    ai: AiAnswerMeta | null;
    page?: PageContext | null;
  }>;
}

/** The handoff activities' reads and writes: the conversation they describe, the handoff they store, the queue. */
export class HandoffStore {
  constructor(private readonly ds: DataSource) {}

  async material(conversationId: string): Promise<HandoffMaterial> {
    const [row] = (await this.ds.query('SELECT customer_id, page_context, context FROM conversations WHERE id = $1', [
      conversationId,
    ])) as Array<{ customer_id: string; page_context: unknown; context: unknown }>;
    // Retryable: the conversation's row is written with its first message, before anything can escalate it.
    if (!row) throw new Error(`conversation ${conversationId} does not exist`);
    const stored = (await this.ds.query(
      'SELECT id, seq, author_kind, body, ai, page_context FROM messages WHERE conversation_id = $1 ORDER BY seq',
      [conversationId],
    )) as Array<{ id: string; seq: number; author_kind: string; body: string; ai: unknown; page_context: unknown }>;
    return {
      customerId: row.customer_id,
      pageContext: storedConversation.pageContext(conversationId, row.page_context),
      context: storedConversation.context(conversationId, row.context),
      messages: stored.map((m) => ({
        seq: m.seq,
        authorKind: m.author_kind,
        body: m.body,
        ai: storedAiMeta(m.id, m.ai),
        page: storedMessagePage(m.id, m.page_context),
      })),
    };
  }

  async save(conversationId: string, handoff: Handoff): Promise<void> {
    await this.ds.query('UPDATE conversations SET handoff = $2 WHERE id = $1', [
      conversationId,
      JSON.stringify(handoff),
    ]);
  }

  queueInfo(conversationId: string, tier: string): Promise<QueueInfo> {
    return queueInfo(this.ds, conversationId, tier);
  }
}
