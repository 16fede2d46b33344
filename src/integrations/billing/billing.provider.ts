import type { CrmRecord } from '../crm/crm.provider';

export interface BillingInvoice {
  id: string;
  status: string | null;
  amountDue: number;
  currency: string;
}

/** Amounts are in the currency's minor unit (cents), as the payment provider reports them. */
export interface BillingCharge {
  id: string;
  amount: number;
  amountRefunded: number;
  currency: string;
  status: string;
  /** ISO-8601. */
  created: string;
  paymentIntentId: string | null;
  description: string | null;
}

export interface BillingFailedPayment {
  chargeId: string;
  amount: number;
  currency: string;
  created: string;
  failureCode: string | null;
  failureMessage: string | null;
}

export interface BillingRefund {
  id: string;
  chargeId: string | null;
  amount: number;
  currency: string;
  status: string | null;
  reason: string | null;
  created: string;
}

export interface BillingContext {
  /** False when no billing provider is configured, or it failed: the agent then knows to look elsewhere. */
  available: boolean;
  /** The provider's own id for this customer; null when the provider has no record of them. */
  customerId?: string | null;
  subscriptionStatus?: string | null;
  plan?: string | null;
  delinquent?: boolean | null;
  recentInvoices?: BillingInvoice[];
  recentCharges?: BillingCharge[];
  failedPayments?: BillingFailedPayment[];
  refunds?: BillingRefund[];
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
