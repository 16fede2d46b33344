import type { CrmRecord } from '../crm/crm.provider';

export interface BillingContext {
  /** False when no billing provider is configured, or it failed: the agent then knows to look elsewhere. */
  available: boolean;
  subscriptionStatus?: string | null;
  plan?: string | null;
  delinquent?: boolean | null;
  recentInvoices?: Array<{ id: string; status: string | null; amountDue: number; currency: string }>;
}

export interface BillingProvider {
  readonly name: string;
  billingContext(customer: CrmRecord): Promise<BillingContext>;
}

/** The default: no billing system connected. */
export class NoBilling implements BillingProvider {
  readonly name = 'none';
  async billingContext(): Promise<BillingContext> {
    return { available: false };
  }
}
