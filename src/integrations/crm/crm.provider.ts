import type { DataSource } from 'typeorm';
import type { CustomerTier } from '../../../domain/conversation';

export interface CrmRecord {
  id: string;
  name: string;
  /** Null for an anonymous visitor. */
  email: string | null;
  company: string | null;
  tier: CustomerTier;
  plan: string | null;
  seats: number;
  mrrUsd: number;
  notes: string | null;
  /** Set when an external CRM answered: where the facts came from, for the agent's context panel. */
  crm?: ExternalCrmLink;
}

export interface CrmDeal {
  id: string;
  name: string;
  amount: number | null;
  stage: string | null;
}

export interface ExternalCrmLink {
  provider: string;
  contactId: string;
  companyName: string | null;
  openDeals: CrmDeal[];
}

/** Where the customer's account facts come from; the built-in CRM is the customers table. */
export interface CrmProvider {
  readonly name: string;
  lookupCustomer(customerId: string): Promise<CrmRecord | null>;
}

export class BuiltinCrm implements CrmProvider {
  readonly name = 'builtin';
  /** Reads in flight, by customer: a context gathering asks for the row for the CRM and for billing at once. */
  readonly #inFlight = new Map<string, Promise<CrmRecord | null>>();
  constructor(private readonly ds: DataSource) {}

  /** The customer's row; lookups of one customer that overlap share one read (nothing is kept after it answers). */
  lookupCustomer(customerId: string): Promise<CrmRecord | null> {
    let read = this.#inFlight.get(customerId);
    if (!read) {
      read = this.#read(customerId).finally(() => this.#inFlight.delete(customerId));
      this.#inFlight.set(customerId, read);
    }
    // Each caller gets its own copy of the record.
    return read.then((r) => r && { ...r });
  }

  async #read(customerId: string): Promise<CrmRecord | null> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      'SELECT id, name, email, company, tier, plan, seats, mrr_usd, notes FROM customers WHERE id = $1',
      [customerId],
    );
    const c = rows[0];
    if (!c) return null;
    return {
      id: String(c.id),
      name: String(c.name),
      email: c.email === null ? null : String(c.email),
      company: (c.company as string | null) ?? null,
      tier: c.tier as CustomerTier,
      plan: (c.plan as string | null) ?? null,
      seats: Number(c.seats),
      mrrUsd: Number(c.mrr_usd),
      notes: (c.notes as string | null) ?? null,
    };
  }
}
