import { Client } from '@hubspot/api-client';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts';
import type { CustomerTier } from '../../../domain/conversation';
import { isTier } from '../../../domain/vocabulary';
import { logger } from '../../logger';
import type { CrmDeal, CrmProvider, CrmRecord } from './crm.provider';
import { redactSecrets } from '../redact';

const log = logger('crm.hubspot');

/** The customer's email (HubSpot's natural key for a contact) and the built-in record to fall back on. */
/** Null email: nobody to look up (an anonymous visitor); the fallback stands. */
export type EmailOf = (customerId: string) => Promise<{ email: string | null; fallback: CrmRecord | null } | null>;

/** Which HubSpot properties carry the account facts; company values win over contact values. */
export interface HubSpotPropertyNames {
  tier: string;
  plan: string;
  seats: string;
  mrr: string;
}

export interface HubSpotCrmOptions {
  accessToken: string;
  /** HUBSPOT_BASE_URL; the SDK's default (https://api.hubapi.com) when unset. */
  basePath?: string;
  emailOf: EmailOf;
  /** Upper bound for one whole lookup (search, associations, reads); past it the built-in record answers. */
  timeoutMs?: number;
  properties?: Partial<HubSpotPropertyNames>;
}

export const DEFAULT_HUBSPOT_PROPERTIES: HubSpotPropertyNames = {
  tier: 'lumen_tier',
  plan: 'lumen_plan',
  seats: 'lumen_seats',
  mrr: 'lumen_mrr',
};

// HubSpot-defined association type ids (AssociationTypes.primaryContactToCompany).
const PRIMARY_CONTACT_TO_COMPANY = 1;
const MAX_DEALS = 20;

type Props = Record<string, string | null | undefined>;

/**
 * Account facts from HubSpot: contact by email, its (primary) company and its open deals. HubSpot is an
 * enrichment, never a dependency: any failure or timeout answers with the built-in record, and nothing it logs or
 * returns carries the access token.
 */
export class HubSpotCrm implements CrmProvider {
  readonly name = 'hubspot';
  private readonly client: Client;
  private readonly token: string;
  private readonly emailOf: EmailOf;
  private readonly timeoutMs: number;
  private readonly props: HubSpotPropertyNames;

  constructor(opts: HubSpotCrmOptions) {
    this.token = opts.accessToken;
    this.emailOf = opts.emailOf;
    this.timeoutMs = opts.timeoutMs ?? 3000;
    this.props = { ...DEFAULT_HUBSPOT_PROPERTIES, ...opts.properties };
    // No SDK retries: the activity that asks has its own retry policy, and a conversation must not wait on them.
    this.client = new Client({
      accessToken: opts.accessToken,
      ...(opts.basePath ? { basePath: opts.basePath.replace(/\/+$/, '') } : {}),
      numberOfApiCallRetries: 0,
    });
  }

  async lookupCustomer(customerId: string): Promise<CrmRecord | null> {
    const who = await this.emailOf(customerId);
    if (!who) return null;
    if (!who.email) return who.fallback;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return (await Promise.race([this.fromHubSpot(customerId, who.email, who.fallback), deadline])) ?? who.fallback;
    } catch (err) {
      log.warn('hubspot lookup failed; using the built-in record', { customerId, error: this.describe(err) });
      return who.fallback;
    } finally {
      clearTimeout(timer);
    }
  }

  /** null when HubSpot has no contact for the email. */
  private async fromHubSpot(customerId: string, email: string, fallback: CrmRecord | null): Promise<CrmRecord | null> {
    const p = this.props;
    const found = await this.client.crm.contacts.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'email', operator: FilterOperatorEnum.Eq, value: email.toLowerCase() }] },
      ],
      properties: ['email', 'firstname', 'lastname', 'company', p.tier, p.plan, p.seats, p.mrr],
      limit: 1,
    });
    const contact = found.results[0];
    if (!contact) return null;

    const [companyLinks, dealLinks] = await Promise.all([
      this.client.crm.associations.v4.basicApi.getPage('contacts', contact.id, 'companies'),
      this.client.crm.associations.v4.basicApi.getPage('contacts', contact.id, 'deals', undefined, MAX_DEALS),
    ]);
    const primary =
      companyLinks.results.find((l) => l.associationTypes.some((t) => t.typeId === PRIMARY_CONTACT_TO_COMPANY)) ??
      companyLinks.results[0];
    const dealIds = dealLinks.results.map((l) => String(l.toObjectId));

    const [companies, deals] = await Promise.all([
      primary
        ? this.client.crm.companies.batchApi.read({
            inputs: [{ id: String(primary.toObjectId) }],
            properties: ['name', 'domain', p.tier, p.plan, p.seats, p.mrr],
            propertiesWithHistory: [],
          })
        : null,
      dealIds.length > 0
        ? this.client.crm.deals.batchApi.read({
            inputs: dealIds.map((id) => ({ id })),
            properties: ['dealname', 'amount', 'dealstage', 'hs_is_closed'],
            propertiesWithHistory: [],
          })
        : null,
    ]);

    const cp: Props = contact.properties;
    const co: Props = companies?.results[0]?.properties ?? {};
    const pick = (key: string) => nonEmpty(co[key]) ?? nonEmpty(cp[key]);
    const companyName = nonEmpty(co.name) ?? nonEmpty(cp.company) ?? fallback?.company ?? null;
    const fullName = [nonEmpty(cp.firstname), nonEmpty(cp.lastname)].filter(Boolean).join(' ');
    const openDeals: CrmDeal[] = (deals?.results ?? [])
      .filter((d) => isOpen(d.properties))
      .map((d) => ({
        id: d.id,
        name: nonEmpty(d.properties.dealname) ?? `deal ${d.id}`,
        amount: toNumber(d.properties.amount),
        stage: nonEmpty(d.properties.dealstage),
      }));

    return {
      id: customerId,
      name: fullName || fallback?.name || email,
      email,
      company: companyName,
      tier: toTier(pick(p.tier)) ?? fallback?.tier ?? 'FREE',
      plan: pick(p.plan) ?? fallback?.plan ?? null,
      seats: toNumber(pick(p.seats)) ?? fallback?.seats ?? 0,
      mrrUsd: toNumber(pick(p.mrr)) ?? fallback?.mrrUsd ?? 0,
      notes: fallback?.notes ?? null,
      crm: { provider: 'hubspot', contactId: contact.id, companyName, openDeals },
    };
  }

  /** One line for the log: status and HubSpot's own message, with the token scrubbed wherever it might be echoed. */
  private describe(err: unknown): string {
    const e = err as { code?: unknown; body?: { message?: unknown; category?: unknown }; message?: unknown };
    const text =
      typeof e?.code === 'number'
        ? `HTTP ${e.code}${e.body?.category ? ` ${String(e.body.category)}` : ''}: ${String(e.body?.message ?? 'error')}`
        : String(e?.message ?? err);
    return redactSecrets(text, this.token);
  }
}

function nonEmpty(v: string | null | undefined): string | null {
  return v === null || v === undefined || v.trim() === '' ? null : v.trim();
}

function toNumber(v: string | null | undefined): number | null {
  const s = nonEmpty(v);
  if (s === null) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function toTier(v: string | null): CustomerTier | null {
  const t = v?.toUpperCase();
  return isTier(t) ? t : null;
}

// hs_is_closed is HubSpot's calculated flag; the stage names cover portals where it is not readable.
function isOpen(p: Props): boolean {
  if (nonEmpty(p.hs_is_closed) !== null) return p.hs_is_closed !== 'true';
  return !['closedwon', 'closedlost'].includes(String(p.dealstage ?? ''));
}

/** The built-in CRM (the customers table) as the email source and fallback: `emailOf: emailFromCrm(new BuiltinCrm(ds))`. */
export function emailFromCrm(builtin: CrmProvider): EmailOf {
  return async (customerId) => {
    const record = await builtin.lookupCustomer(customerId);
    return record ? { email: record.email, fallback: record } : null;
  };
}
