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

/** What an agent needs to start without asking again (Conversation.handoff), built when the conversation escalates. */
export interface Handoff {
  goal: string;
  summary: string;
  /** 'model' when an LLM provider wrote it, 'assembled' from the conversation otherwise. */
  summaryBy: string;
  aiAttempts: Array<{ seq: number; excerpt: string; confidence: number | null; sources: string[] }>;
  whyStopped: string;
  /** Where the customer is now: the page of their latest message that carried one, else where they started. */
  pageContext: PageContext;
  /** Where the conversation started, when the customer has moved since (absent from older handoffs). */
  startedOn?: PageContext;
  account: {
    customerId: string;
    name: string | null;
    company: string | null;
    tier: string | null;
    plan: string | null;
    seats: number | null;
    mrrUsd: number | null;
    previousConversations: Array<{ id: string; status: string; createdAt: string; firstMessage: string | null }>;
    /** The same CRM and billing context the conversation carries (Conversation.context); absent from older handoffs. */
    crm?: ConversationContext['crm'] | null;
    billing?: ConversationContext['billing'] | null;
  };
  flags: string[];
  builtAt: string;
}
