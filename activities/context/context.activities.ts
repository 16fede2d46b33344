import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { PageContext } from '../../domain/conversation';
import { storedConversation } from '../../src/db/json/conversation-json';
import type { BillingProvider } from '../../src/integrations/billing/billing.provider';
import type { CrmProvider } from '../../src/integrations/crm/crm.provider';
import { ContextGatherer } from '../../src/services/context-gatherer';
import type { ConversationContext } from '../../src/services/context.types';
import type { ConversationStore } from '../../src/services/conversation-store';

export type { ConversationContext } from '../../src/services/context.types';

export interface GatherContextInput {
  conversationId: string;
  customerId: string;
  pageContext: PageContext;
}

export interface AdoptPrefetchInput extends GatherContextInput {
  /** The widget session whose prefetch startConversation consumed for this conversation. */
  prefetchSessionId: string;
}

export function createContextActivities(deps: {
  ds: Pick<DataSource, 'query'>;
  store: Pick<ConversationStore, 'recordConversationState'>;
  crm: CrmProvider;
  builtinCrm: CrmProvider;
  billing: BillingProvider;
}) {
  const { ds, store } = deps;
  // The same gatherer the API's widget prefetch uses; a failing source is logged as this activity's.
  const gatherer = new ContextGatherer(
    ds,
    { crm: deps.crm, builtin: deps.builtinCrm, billing: deps.billing },
    { warn: (message, meta) => log.warn(message, meta) },
  );

  const keep = async (input: GatherContextInput, ctx: ConversationContext, prefetched: boolean) => {
    await store.recordConversationState({
      conversationId: input.conversationId,
      tier: ctx.customer?.tier ?? null,
      context: { ...ctx },
      event: {
        kind: 'context_gathered',
        data: {
          crm: ctx.crm.available,
          billing: ctx.billing.available,
          previousConversations: ctx.previousConversations.length,
          ...(prefetched ? { prefetched: true } : {}),
        },
        dedupeKey: `context-${input.conversationId}`,
      },
    });
    return ctx;
  };

  return {
    /**
     * Everything the AI (and later the agent) should know before answering. Sources are read in parallel, each with
     * its own time limit; a failing one leaves its part empty rather than blocking the reply.
     */
    async gatherContext(input: GatherContextInput): Promise<ConversationContext> {
      return keep(input, await gatherer.gather(input), false);
    },

    /**
     * The context the widget's prefetch gathered when it opened, kept with the conversation whose first message
     * consumed it: no source is asked again. Null when the prefetch is gone (the caller gathers instead).
     */
    async adoptPrefetchedContext(input: AdoptPrefetchInput): Promise<ConversationContext | null> {
      const rows: Array<{ context: unknown }> = await ds.query(
        `SELECT context FROM context_prefetches
         WHERE session_id = $1 AND customer_id = $2 AND consumed_by = $3 AND status = 'READY'`,
        [input.prefetchSessionId, input.customerId, input.conversationId],
      );
      const stored = rows[0] ? storedConversation.context(input.conversationId, rows[0].context) : null;
      if (!stored) return null;
      // The first message's page is where the customer is now; the rest was read when the widget opened.
      return keep(input, { ...stored, page: input.pageContext ?? stored.page }, true);
    },
  };
}
