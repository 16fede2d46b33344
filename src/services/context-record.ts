import type { ConversationStateChange } from './conversation-store';
import type { ConversationContext } from './context.types';

/** Who gathered a conversation's context: the workflow's activity, the widget's prefetch, or the API at the start. */
export type ContextGatheredBy = 'activity' | 'prefetch' | 'start';

/**
 * A conversation's gathered context as its read model keeps it: the context, the customer's tier and the
 * `context_gathered` event (once per conversation, whoever records it first: the same context may be recorded twice,
 * when the workflow gathers after the API's gathering at the start looked lost).
 */
export function contextGatheredChange(
  conversationId: string,
  ctx: ConversationContext,
  by: ContextGatheredBy,
): ConversationStateChange {
  return {
    conversationId,
    tier: ctx.customer?.tier ?? null,
    context: { ...ctx },
    event: {
      kind: 'context_gathered',
      data: {
        crm: ctx.crm.available,
        billing: ctx.billing.available,
        previousConversations: ctx.previousConversations.length,
        ...(by === 'prefetch' ? { prefetched: true } : by === 'start' ? { atStart: true } : {}),
      },
      dedupeKey: `context-${conversationId}`,
    },
  };
}
