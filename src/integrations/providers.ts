import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { NoBilling, type BillingProvider } from './billing/billing.provider';
import { StripeBilling } from './billing/stripe.provider';
import { BuiltinCrm, type CrmProvider } from './crm/crm.provider';
import { emailFromCrm, HubSpotCrm } from './crm/hubspot.provider';

export interface ContextProviders {
  crm: CrmProvider;
  /** The customers table: the CRM's fallback, and where billing finds the customer's email. */
  builtin: CrmProvider;
  billing: BillingProvider;
  stripeBilling: StripeBilling | null;
}

/** The configured context sources: HubSpot when a token is set (else the built-in CRM), Stripe when a key is. */
export function contextProviders(ds: DataSource, integrations: AppConfig['integrations']): ContextProviders {
  const builtin = new BuiltinCrm(ds);
  const { hubspot, stripe } = integrations;
  const crm: CrmProvider = hubspot
    ? new HubSpotCrm({ accessToken: hubspot.accessToken, basePath: hubspot.baseUrl, emailOf: emailFromCrm(builtin) })
    : builtin;
  const stripeBilling = stripe ? new StripeBilling({ apiKey: stripe.apiKey, apiBase: stripe.apiBase }) : null;
  return { crm, builtin, billing: stripeBilling ?? new NoBilling(), stripeBilling };
}
