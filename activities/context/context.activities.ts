import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { PageContext } from '../../domain/conversation';
import { storedConversation } from '../../src/db/json/conversation-json';
import type { BillingProvider } from '../../src/integrations/billing/billing.provider';
import type { CrmProvider } from '../../src/integrations/crm/crm.provider';
import { ContextGatherer } from '../../src/services/context-gatherer';
import { contextGatheredChange, type ContextGatheredBy } from '../../src/services/context-record';
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

  const keep = async (input: GatherContextInput, ctx: ConversationContext, by: ContextGatheredBy) => {
    await store.recordConversationState(contextGatheredChange(input.conversationId, ctx, by));
    return ctx;
  };

  return {
    /**
     * Everything the AI (and later the agent) should know before answering. Sources are read in parallel, each with
     * its own time limit; a failing one leaves its part empty rather than blocking the reply.
     */
    async gatherContext(input: GatherContextInput): Promise<ConversationContext> {
      return keep(input, await gatherer.gather(input), 'activity');
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
      return keep(input, { ...stored, page: input.pageContext ?? stored.page }, 'prefetch');
    },

    /**
     * The context the API gathered and recorded when this conversation started (no prefetch was ready): read back
     * from the conversation, nothing written. Null when it is not there (the API's gathering failed, or its process
     * went away before it finished): the caller gathers with the activity.
     */
    async adoptRecordedContext(input: GatherContextInput): Promise<ConversationContext | null> {
      const rows: Array<{ context: unknown }> = await ds.query(
        'SELECT context FROM conversations WHERE id = $1 AND customer_id = $2 AND context IS NOT NULL',
        [input.conversationId, input.customerId],
      );
      return rows[0] ? storedConversation.context(input.conversationId, rows[0].context) : null;
    },
  };
}
