import type { DataSource } from 'typeorm';
import type { CustomerTier, PageContext } from '../../workflows/conversation/conversation.types';
import type { MessageStore } from '../../src/services/message-store';

export interface GatherContextInput {
  conversationId: string;
  customerId: string;
  pageContext: PageContext;
}

export interface CustomerContext {
  id: string;
  name: string;
  company: string | null;
  tier: CustomerTier;
  plan: string | null;
  seats: number;
  mrrUsd: number;
}

export interface PreviousConversation {
  id: string;
  status: string;
  createdAt: string;
  firstMessage: string | null;
}

export interface ConversationContext {
  page: PageContext;
  customer: CustomerContext | null;
  /** Filled by the CRM provider; the built-in CRM is the customers table. */
  crm: { provider: string; available: boolean; notes?: string | null };
  /** Filled by the billing provider once one is configured. */
  billing: { available: boolean };
  previousConversations: PreviousConversation[];
  gatheredAt: string;
}

export function createContextActivities(deps: { ds: DataSource; store: MessageStore }) {
  const { ds, store } = deps;

  async function loadCustomer(customerId: string) {
    const rows: Array<Record<string, unknown>> = await ds.query(
      'SELECT id, name, company, tier, plan, seats, mrr_usd, notes FROM customers WHERE id = $1',
      [customerId],
    );
    return rows[0] ?? null;
  }

  async function loadPrevious(customerId: string, conversationId: string): Promise<PreviousConversation[]> {
    const rows: Array<{ id: string; status: string; created_at: Date; first_message: string | null }> = await ds.query(
      `SELECT c.id, c.status, c.created_at,
              (SELECT body FROM messages m WHERE m.conversation_id = c.id AND m.author_kind = 'CUSTOMER' ORDER BY seq LIMIT 1) AS first_message
       FROM conversations c WHERE c.customer_id = $1 AND c.id <> $2 ORDER BY c.created_at DESC LIMIT 5`,
      [customerId, conversationId],
    );
    return rows.map((r) => ({ id: r.id, status: r.status, createdAt: r.created_at.toISOString(), firstMessage: r.first_message }));
  }

  return {
    /**
     * Everything the AI (and later the agent) should know before answering. Sources are read in parallel and a
     * failing one leaves its part empty rather than blocking the reply.
     */
    async gatherContext(input: GatherContextInput): Promise<ConversationContext> {
      const [customer, previous] = await Promise.allSettled([
        loadCustomer(input.customerId),
        loadPrevious(input.customerId, input.conversationId),
      ]);
      const c = customer.status === 'fulfilled' ? customer.value : null;
      const ctx: ConversationContext = {
        page: input.pageContext ?? {},
        customer: c
          ? {
              id: String(c.id),
              name: String(c.name),
              company: (c.company as string | null) ?? null,
              tier: c.tier as CustomerTier,
              plan: (c.plan as string | null) ?? null,
              seats: Number(c.seats),
              mrrUsd: Number(c.mrr_usd),
            }
          : null,
        crm: { provider: 'builtin', available: c !== null, notes: (c?.notes as string | null) ?? null },
        billing: { available: false },
        previousConversations: previous.status === 'fulfilled' ? previous.value : [],
        gatheredAt: new Date().toISOString(),
      };
      await store.recordConversationState({
        conversationId: input.conversationId,
        tier: ctx.customer?.tier ?? null,
        context: ctx as unknown as Record<string, unknown>,
        event: { kind: 'context_gathered', data: { sources: ['page', 'crm', 'previousConversations'] }, dedupeKey: `context-${input.conversationId}` },
      });
      return ctx;
    },
  };
}
