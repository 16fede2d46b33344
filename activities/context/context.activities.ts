import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { PageContext } from '../../domain/conversation';
import { swallowedErrors } from '../../src/observability/metrics';
import type { BillingProvider } from '../../src/integrations/billing/billing.provider';
import type { CrmProvider } from '../../src/integrations/crm/crm.provider';
import type { ConversationContext, PreviousConversation } from '../../src/services/context.types';

export type { ConversationContext } from '../../src/services/context.types';
import type { ConversationStore } from '../../src/services/conversation-store';

export interface GatherContextInput {
  conversationId: string;
  customerId: string;
  pageContext: PageContext;
}

/** Resolves a source or gives up after `ms`: one slow source never holds up the reply. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
  ]);
}

const SOURCE_TIMEOUT_MS = 4000;

export function createContextActivities(deps: {
  ds: Pick<DataSource, 'query'>;
  store: Pick<ConversationStore, 'recordConversationState'>;
  crm: CrmProvider;
  builtinCrm: CrmProvider;
  billing: BillingProvider;
}) {
  const { ds, store, crm, builtinCrm, billing } = deps;

  async function loadPrevious(customerId: string, conversationId: string): Promise<PreviousConversation[]> {
    const rows: Array<{ id: string; status: string; created_at: Date; first_message: string | null }> = await ds.query(
      `SELECT c.id, c.status, c.created_at,
              (SELECT body FROM messages m WHERE m.conversation_id = c.id AND m.author_kind = 'CUSTOMER' ORDER BY seq LIMIT 1) AS first_message
       FROM conversations c WHERE c.customer_id = $1 AND c.id <> $2 ORDER BY c.created_at DESC LIMIT 5`,
      [customerId, conversationId],
    );
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      createdAt: r.created_at.toISOString(),
      firstMessage: r.first_message,
    }));
  }

  return {
    /**
     * Everything the AI (and later the agent) should know before answering. Sources are read in parallel, each with
     * its own time limit; a failing one leaves its part empty rather than blocking the reply.
     */
    async gatherContext(input: GatherContextInput): Promise<ConversationContext> {
      // Billing looks the customer up by the email our own customers table holds, so it need not wait for the CRM.
      const billingLookup = async () => {
        const own = await builtinCrm.lookupCustomer(input.customerId);
        return own ? billing.billingContext(own) : { available: false };
      };
      const sources = ['crm', 'previous_conversations', 'billing'] as const;
      const settled = await Promise.allSettled([
        within(SOURCE_TIMEOUT_MS, crm.lookupCustomer(input.customerId)),
        within(SOURCE_TIMEOUT_MS, loadPrevious(input.customerId, input.conversationId)),
        within(SOURCE_TIMEOUT_MS, billingLookup()),
      ] as const);
      for (const [i, r] of settled.entries()) {
        if (r.status !== 'rejected') continue;
        swallowedErrors.inc({ where: `gather_context.${sources[i]}` });
        log.warn('context source failed; its part is left empty', {
          source: sources[i],
          conversationId: input.conversationId,
          error: String(r.reason),
        });
      }
      const [customer, previous, billed] = settled;
      const c = customer.status === 'fulfilled' ? customer.value : null;
      const bill = billed.status === 'fulfilled' ? billed.value : { available: false };
      const ctx: ConversationContext = {
        page: input.pageContext ?? {},
        customer: c
          ? { id: c.id, name: c.name, company: c.company, tier: c.tier, plan: c.plan, seats: c.seats, mrrUsd: c.mrrUsd }
          : null,
        crm: {
          // A record without an external CRM link came from our own customers table (the fallback, or the default).
          provider: c?.crm?.provider ?? 'builtin',
          available: c !== null,
          notes: c?.notes ?? null,
          companyName: c?.crm?.companyName ?? c?.company ?? null,
          openDeals: c?.crm?.openDeals ?? [],
        },
        billing: bill,
        previousConversations: previous.status === 'fulfilled' ? previous.value : [],
        gatheredAt: new Date().toISOString(),
      };
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
          },
          dedupeKey: `context-${input.conversationId}`,
        },
      });
      return ctx;
    },
  };
}
