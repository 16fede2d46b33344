import type { CrmRecord } from '../crm/crm.provider';

export interface BillingInvoice {
  id: string;
  status: string | null;
  amountDue: number;
  currency: string;
  /** The number printed on the invoice (e.g. `A1B2-0007`); null for a draft. */
  number?: string | null;
  /** ISO-8601 dates: when it was issued, when payment is due (null: charged automatically), when it was paid. */
  created?: string;
  dueDate?: string | null;
  paidAt?: string | null;
  amountPaid?: number;
  amountRemaining?: number;
  /** The service period it bills, and its first line's description ("3 × Pro (at $30.00 / month)"). */
  periodStart?: string | null;
  periodEnd?: string | null;
  description?: string | null;
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
  /** The subscription's quantity (seats), summed over its items. */
  seats?: number | null;
  /** ISO-8601: the end of the current period, when it renews (null when it ends instead, see cancelAtPeriodEnd). */
  renewsAt?: string | null;
  currentPeriodEnd?: string | null;
  cancelAtPeriodEnd?: boolean | null;
  /** ISO-8601: the end of the trial, past or future; null when the subscription never had one. */
  trialEndsAt?: string | null;
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
