import type { DataSource } from 'typeorm';
import { MessageEntity } from '../db/entities';
import type { BillingActionRow } from './billing.service';
import { isUuid } from './ids';
import { decodeCursor, type Page, pageOf, pageSize } from './pagination';
import { queueInfos, type QueueInfo } from './queue-info';

/** Which messages of a conversation one `messages(first, after, afterSeq)` field asks for. */
export interface MessageWindow {
  conversationId: string;
  /** Messages with seq above this. */
  fromSeq: number;
  limit: number;
}

/** The window `messages(first, after, afterSeq)` names (BAD_USER_INPUT for a bad `first` or cursor). */
export function messageWindow(
  conversationId: string,
  first?: number | null,
  after?: string | null,
  afterSeq?: number | null,
): MessageWindow {
  const limit = pageSize(first);
  const cursor = decodeCursor(after, 1);
  return { conversationId, limit, fromSeq: Math.max(Number(cursor?.[0] ?? 0), afterSeq ?? 0) };
}

/**
 * Per-parent reads for the GraphQL loaders (schema/loaders.ts): each answers many conversations in one query, so a
 * page of conversations with their messages, queue places and billing actions costs a bounded number of queries.
 */
export class ConversationBatchReads {
  constructor(private readonly ds: DataSource) {}

  /** A page of messages per window, in `seq` order; one query however many windows (a LATERAL read per window). */
  async messagePages(windows: readonly MessageWindow[]): Promise<Array<Page<MessageEntity>>> {
    const valid = windows.filter((w) => isUuid(w.conversationId));
    const rows = valid.length
      ? await this.ds
          .getRepository(MessageEntity)
          .createQueryBuilder('m')
          .where(
            `m.id IN (SELECT l.id FROM unnest(:ids::uuid[], :froms::int[], :limits::int[]) AS k(cid, from_seq, lim)
              CROSS JOIN LATERAL (SELECT x.id FROM messages x WHERE x.conversation_id = k.cid AND x.seq > k.from_seq
                                  ORDER BY x.seq LIMIT k.lim) l)`,
            {
              ids: valid.map((w) => w.conversationId),
              froms: valid.map((w) => w.fromSeq),
              limits: valid.map((w) => w.limit + 1),
            },
          )
          .orderBy('m.conversation_id')
          .addOrderBy('m.seq', 'ASC')
          .getMany()
      : [];
    const byConversation = new Map<string, MessageEntity[]>();
    for (const m of rows) byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), m]);
    return windows.map((w) => {
      const mine = (byConversation.get(w.conversationId) ?? []).filter((m) => m.seq > w.fromSeq).slice(0, w.limit + 1);
      return pageOf(mine, w.limit, (m) => [m.seq], w.fromSeq > 0);
    });
  }

  /** Place in line and estimate of waiting conversations (see queueInfo). */
  queueInfos(conversationIds: readonly string[]): Promise<Map<string, QueueInfo>> {
    return queueInfos(this.ds, conversationIds.filter(isUuid));
  }

  /** Each conversation's refunds and credits, oldest first. */
  async billingActions(conversationIds: readonly string[]): Promise<BillingActionRow[][]> {
    const ids = conversationIds.filter(isUuid);
    const rows: BillingActionRow[] = ids.length
      ? await this.ds.query(
          'SELECT * FROM billing_actions WHERE conversation_id = ANY($1::uuid[]) ORDER BY created_at',
          [ids],
        )
      : [];
    return conversationIds.map((id) => rows.filter((r) => r.conversation_id === id));
  }
}
