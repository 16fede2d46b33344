import type { CustomerTier, PageContext } from '../../domain/conversation';
import type { BillingContext } from '../integrations/billing/billing.provider';
import type { CrmDeal } from '../integrations/crm/crm.provider';

/** What gatherContext stores with a conversation and the agent sees (Conversation.context, the handoff). */
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
  crm: {
    provider: string;
    available: boolean;
    notes?: string | null;
    companyName?: string | null;
    openDeals?: CrmDeal[];
  };
  billing: BillingContext;
  previousConversations: PreviousConversation[];
  gatheredAt: string;
}
