import type { BillingContext, BillingProvider } from '../../integrations/billing/billing.provider';
import type { CrmProvider, CrmRecord } from '../../integrations/crm/crm.provider';

/** The longest a billing read may be reused: a refund made a minute ago must show. */
export const MAX_BILLING_AGE_MS = 60_000;

export interface AccountSnapshot {
  /** Our own record of the customer (name and company feed the redaction before any model sees a message). */
  customer: Pick<CrmRecord, 'id' | 'name' | 'company'> | null;
  billing: BillingContext;
  /** ISO-8601: when the billing provider answered. */
  readAt: string;
}

/**
 * The customer's billing read for the question being answered, by our own customer id: the billing provider finds
 * the customer by the email our customers table holds, and every list it reads is filtered to that customer, so an
 * answer can only ever speak of the account of the person asking. Reads are kept for `maxAgeMs` (at most a minute)
 * per customer, so a burst of questions costs one read while a refund made during the conversation still shows.
 */
export class FreshBilling {
  readonly #cache = new Map<string, { at: number; snapshot: Promise<AccountSnapshot> }>();
  readonly #maxAgeMs: number;

  constructor(
    private readonly customers: Pick<CrmProvider, 'lookupCustomer'>,
    private readonly billing: BillingProvider,
    options: { maxAgeMs?: number; now?: () => number } = {},
  ) {
    this.#maxAgeMs = Math.min(options.maxAgeMs ?? 30_000, MAX_BILLING_AGE_MS);
    this.now = options.now ?? Date.now;
  }

  private readonly now: () => number;

  read(customerId: string): Promise<AccountSnapshot> {
    const t = this.now();
    const hit = this.#cache.get(customerId);
    if (hit && t - hit.at < this.#maxAgeMs) return hit.snapshot;
    for (const [id, entry] of this.#cache) if (t - entry.at >= this.#maxAgeMs) this.#cache.delete(id);
    const snapshot = this.#load(customerId);
    this.#cache.set(customerId, { at: t, snapshot });
    // A failed read is not kept: the next question tries again.
    snapshot.catch(() => this.#cache.delete(customerId));
    return snapshot;
  }

  /** Forget a customer's read (after a refund or a credit moved money for them). */
  invalidate(customerId: string): void {
    this.#cache.delete(customerId);
  }

  async #load(customerId: string): Promise<AccountSnapshot> {
    const own = await this.customers.lookupCustomer(customerId);
    const billing: BillingContext = own ? await this.billing.billingContext(own) : { available: false };
    return {
      customer: own ? { id: own.id, name: own.name, company: own.company } : null,
      billing,
      readAt: new Date(this.now()).toISOString(),
    };
  }
}
