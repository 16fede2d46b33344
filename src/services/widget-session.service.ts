import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type Principal, signToken } from '../auth/jwt';
import { verifyReplyLink } from '../auth/reply-link';
import { IdentityReason, verifyIdentityToken, type WidgetIdentity } from '../auth/widget-identity';
import type { CustomerEntity } from '../db/entities';
import type { CrmProvider } from '../integrations/crm/crm.provider';
import type { WidgetVisitorService } from './widget-visitor.service';
import { logger } from '../logger';
import { swallowedErrors } from '../observability/metrics';
import { AppError, conflict, ErrorCode, notFound } from '../errors';

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
  /** Enriches a customer on first contact (HubSpot when configured); the built-in CRM adds nothing. */
  crm?: CrmProvider;
  /** Moves a visitor's open conversations to the customer they signed in as. */
  visitors?: Pick<WidgetVisitorService, 'adopt'>;
  /** How long a first contact waits for the CRM before going on with the claims (default 3 s). */
  crmTimeoutMs?: number;
}

const log = logger('widget-session');

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

  /** `visitorToken`: the anonymous visitor this person was until now; their open conversations become theirs. */
  async start(identityToken: string, visitorToken?: string | null): Promise<WidgetSession> {
    if (!this.opts.identitySecret) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        'the widget is not configured on this deployment (WIDGET_IDENTITY_SECRET is unset)',
        IdentityReason.NOT_CONFIGURED,
      );
    }
    const identity = verifyIdentityToken(this.opts.identitySecret, identityToken);
    const { inserted, ...customer } = await this.upsertCustomer(identity);
    if (inserted) await this.enrichFromCrm(customer.id);
    if (visitorToken && this.opts.visitors) await this.opts.visitors.adopt(visitorToken, customer.id);
    const ttl = this.opts.sessionTtlSeconds;
    return {
      // A session id of its own: the context prefetched when the widget opens is keyed on it.
      token: signToken(
        this.opts.jwtSecret,
        { sub: customer.id, role: 'customer', name: customer.name, sessionId: randomUUID() },
        ttl,
      ),
      expiresAt: new Date(Date.now() + ttl * 1000),
      customer,
    };
  }

  /**
   * The conversation an emailed reply link names, for the signed-in customer it was sent to: expired or forged links
   * are BAD_USER_INPUT (reason LINK_EXPIRED or LINK_INVALID), another customer's NOT_FOUND.
   */
  replyLinkConversation(principal: Principal, token: string): string {
    const link = verifyReplyLink(this.opts.jwtSecret, token);
    if (principal.role !== 'customer' || link.customerId !== principal.sub) throw notFound('conversation');
    return link.conversationId;
  }

  /**
   * First contact: the account facts (tier, plan, seats, MRR, company) come from the CRM when it knows the customer,
   * so the first conversation already has the right thresholds and SLA; the plan claim was only a stand-in. A CRM
   * that is slow or down leaves the claims' values (each conversation asks the CRM again when it gathers context).
   */
  private async enrichFromCrm(customerId: string): Promise<void> {
    const crm = this.opts.crm;
    if (!crm || crm.name === 'builtin') return;
    const ms = this.opts.crmTimeoutMs ?? 3000;
    try {
      const record = await Promise.race([
        crm.lookupCustomer(customerId),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
      ]);
      if (!record?.crm) return;
      await this.ds.query(
        `UPDATE customers SET tier = $2, plan = $3, seats = $4, mrr_usd = $5,
                              company = COALESCE(customers.company, $6) WHERE id = $1`,
        [customerId, record.tier, record.plan, record.seats, record.mrrUsd, record.crm.companyName],
      );
    } catch (err) {
      swallowedErrors.inc({ where: 'widget_session.crm' });
      log.warn('CRM enrichment on first contact failed; the claims stand', { customerId, error: String(err) });
    }
  }

  private async upsertCustomer(i: WidgetIdentity): Promise<WidgetSession['customer'] & { inserted: boolean }> {
    const plan = i.plan?.toUpperCase() ?? null;
    try {
      const rows: Array<WidgetSession['customer'] & { inserted: boolean }> = await this.ds.query(
        `INSERT INTO customers (id, name, email, company, tier, plan) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
                                        company = COALESCE(EXCLUDED.company, customers.company)
         RETURNING id, name, email, company, (xmax = 0) AS inserted`,
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
