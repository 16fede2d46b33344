import type { DataSource } from 'typeorm';
import { signToken } from '../auth/jwt';
import { IdentityReason, verifyIdentityToken, type WidgetIdentity } from '../auth/widget-identity';
import type { CustomerEntity } from '../db/entities';
import { AppError, conflict, ErrorCode } from '../errors';

export interface WidgetSession {
  /** Our own bearer token (role customer), for HTTP and graphql-ws. */
  token: string;
  expiresAt: Date;
  customer: Pick<CustomerEntity, 'id' | 'name' | 'email' | 'company'>;
}

export interface WidgetSessionOptions {
  jwtSecret: string;
  /** Null: this deployment has no widget secret, so no identity token can be verified. */
  identitySecret: string | null;
  sessionTtlSeconds: number;
}

const TIERS = new Set(['FREE', 'PRO', 'ENTERPRISE']);

/**
 * Exchanges a host-signed identity token for a short-lived session token, creating or updating the customer from
 * its claims. The tier of a new customer is the plan claim when it names one (else FREE) until the CRM says
 * otherwise; an existing customer's tier and plan are the CRM's and are never overwritten from a claim.
 */
export class WidgetSessionService {
  constructor(
    private readonly ds: DataSource,
    private readonly opts: WidgetSessionOptions,
  ) {}

  async start(identityToken: string): Promise<WidgetSession> {
    if (!this.opts.identitySecret) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        'the widget is not configured on this deployment (WIDGET_IDENTITY_SECRET is unset)',
        IdentityReason.NOT_CONFIGURED,
      );
    }
    const identity = verifyIdentityToken(this.opts.identitySecret, identityToken);
    const customer = await this.upsertCustomer(identity);
    const ttl = this.opts.sessionTtlSeconds;
    return {
      token: signToken(this.opts.jwtSecret, { sub: customer.id, role: 'customer', name: customer.name }, ttl),
      expiresAt: new Date(Date.now() + ttl * 1000),
      customer,
    };
  }

  private async upsertCustomer(i: WidgetIdentity): Promise<WidgetSession['customer']> {
    const plan = i.plan?.toUpperCase() ?? null;
    try {
      const rows: Array<WidgetSession['customer']> = await this.ds.query(
        `INSERT INTO customers (id, name, email, company, tier, plan) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
                                        company = COALESCE(EXCLUDED.company, customers.company)
         RETURNING id, name, email, company`,
        [i.sub, i.name, i.email, i.company, plan && TIERS.has(plan) ? plan : 'FREE', i.plan],
      );
      return rows[0];
    } catch (err) {
      const e = err as { constraint?: string; driverError?: { constraint?: string } };
      if ((e.constraint ?? e.driverError?.constraint) === 'customers_email_key') {
        throw conflict(`another customer already has the email ${i.email}`);
      }
      throw err;
    }
  }
}
