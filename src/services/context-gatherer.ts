import type { DataSource } from 'typeorm';
import type { PageContext } from '../../domain/conversation';
import type { ContextProviders } from '../integrations/providers';
import { logger } from '../logger';
import { swallowedErrors } from '../observability/metrics';
import type { ConversationContext, PreviousConversation } from './context.types';

const appLog = logger('context');

/** Where a failing source is reported: the app's logger in the API, the activity's logger in the worker. */
export interface GatherLog {
  warn(message: string, meta: Record<string, unknown>): void;
}

/** Resolves a source or gives up after `ms`: one slow source never holds up the reply. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
  ]);
}

export const SOURCE_TIMEOUT_MS = 4000;

export interface GatherRequest {
  customerId: string;
  /** The conversation being answered (left out of "previous conversations"); null before one exists (a prefetch). */
  conversationId: string | null;
  pageContext: PageContext;
}

/**
 * Page, account (CRM), billing and previous conversations, read in parallel, each with its own time limit; a failing
 * source leaves its part empty rather than blocking. Used by the gatherContext activity and, before any conversation
 * exists, by the widget's prefetch in the API.
 */
export class ContextGatherer {
  constructor(
    private readonly ds: Pick<DataSource, 'query'>,
    private readonly providers: Pick<ContextProviders, 'crm' | 'builtin' | 'billing'>,
    private readonly log: GatherLog = appLog,
    private readonly timeoutMs = SOURCE_TIMEOUT_MS,
  ) {}

  private async loadPrevious(customerId: string, conversationId: string | null): Promise<PreviousConversation[]> {
    const rows: Array<{ id: string; status: string; created_at: Date; first_message: string | null }> =
      await this.ds.query(
        `SELECT c.id, c.status, c.created_at,
              (SELECT body FROM messages m WHERE m.conversation_id = c.id AND m.author_kind = 'CUSTOMER' ORDER BY seq LIMIT 1) AS first_message
       FROM conversations c WHERE c.customer_id = $1 AND c.id IS DISTINCT FROM $2::uuid ORDER BY c.created_at DESC LIMIT 5`,
        [customerId, conversationId],
      );
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      createdAt: r.created_at.toISOString(),
      firstMessage: r.first_message,
    }));
  }

  async gather(input: GatherRequest): Promise<ConversationContext> {
    const { crm, builtin, billing } = this.providers;
    // Billing looks the customer up by the email our own customers table holds, so it need not wait for the CRM.
    const billingLookup = async () => {
      const own = await builtin.lookupCustomer(input.customerId);
      return own ? billing.billingContext(own) : { available: false };
    };
    const sources = ['crm', 'previous_conversations', 'billing'] as const;
    const settled = await Promise.allSettled([
      within(this.timeoutMs, crm.lookupCustomer(input.customerId)),
      within(this.timeoutMs, this.loadPrevious(input.customerId, input.conversationId)),
      within(this.timeoutMs, billingLookup()),
    ] as const);
    for (const [i, r] of settled.entries()) {
      if (r.status !== 'rejected') continue;
      swallowedErrors.inc({ where: `gather_context.${sources[i]}` });
      this.log.warn('context source failed; its part is left empty', {
        source: sources[i],
        conversationId: input.conversationId,
        customerId: input.customerId,
        error: String(r.reason),
      });
    }
    const [customer, previous, billed] = settled;
    const c = customer.status === 'fulfilled' ? customer.value : null;
    const bill = billed.status === 'fulfilled' ? billed.value : { available: false };
    return {
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
  }
}
