import type { DataSource } from 'typeorm';
import { KbCache } from '../src/ai/kb-cache';
import { createLocalAnswerer } from '../src/ai/local-answerer';
import { createOpenAiAnswerer } from '../src/ai/openai-answerer';
import { assembledHandoff, modelHandoffWriter } from '../src/ai/handoff-writer';
import { providerErrorReason } from '../src/ai/provider-errors';
import type { AppConfig } from '../src/config';
import { NoBilling, type BillingProvider } from '../src/integrations/billing/billing.provider';
import { StripeBilling } from '../src/integrations/billing/stripe.provider';
import { BuiltinCrm, type CrmProvider } from '../src/integrations/crm/crm.provider';
import { emailFromCrm, HubSpotCrm } from '../src/integrations/crm/hubspot.provider';
import { SlackSink } from '../src/integrations/slack/slack.sink';
import { aiProviderErrors } from '../src/observability/metrics';
import { MessageStore } from '../src/services/message-store';
import { PolicyService } from '../src/services/policy.service';
import { createAiActivities } from './ai/ai.activities';
import { createBillingActivities } from './billing/billing.activities';
import { createContextActivities } from './context/context.activities';
import { createHandoffActivities } from './context/handoff.activities';
import { createNotifyActivities, InAppSink, type NotificationSink } from './notify/notify.activities';
import { createStoreActivities } from './store/store.activities';

export interface ActivityDeps {
  ds: DataSource;
  ai: AppConfig['ai'];
  integrations: AppConfig['integrations'];
}

/** The configured providers: HubSpot when a token is set (else the built-in CRM); Slack beside the in-app sink. */
function providers(deps: ActivityDeps) {
  const builtin = new BuiltinCrm(deps.ds);
  const { hubspot, slack, stripe, consoleBaseUrl } = deps.integrations;
  const crm: CrmProvider = hubspot
    ? new HubSpotCrm({ accessToken: hubspot.accessToken, basePath: hubspot.baseUrl, emailOf: emailFromCrm(builtin) })
    : builtin;
  const sinks: NotificationSink[] = [new InAppSink(deps.ds)];
  if (slack) sinks.push(new SlackSink({ token: slack.token, apiUrl: slack.apiUrl, channels: slack.channels, conversationBaseUrl: consoleBaseUrl }));
  const stripeBilling = stripe ? new StripeBilling({ apiKey: stripe.apiKey, apiBase: stripe.apiBase }) : null;
  const billing: BillingProvider = stripeBilling ?? new NoBilling();
  return { crm, builtin, sinks, billing, stripeBilling };
}

/** Activities receive their clients here (dependency injection), so tests and the worker build them the same way. */
export function createActivities(deps: ActivityDeps) {
  const store = new MessageStore(deps.ds);
  const { crm, builtin, sinks, billing, stripeBilling } = providers(deps);
  const policies = new PolicyService(deps.ds);
  const kb = new KbCache(deps.ds);
  const answerer = deps.ai.provider === 'openai' ? createOpenAiAnswerer(kb, deps.ai) : createLocalAnswerer(kb);
  const handoffFailed = (err: unknown) => aiProviderErrors.inc({ provider: deps.ai.provider, operation: 'write_handoff', reason: providerErrorReason(err) });
  return {
    ...createStoreActivities(store, policies),
    ...createContextActivities({ ds: deps.ds, store, crm, builtinCrm: builtin, billing }),
    ...createHandoffActivities({ ds: deps.ds, writer: deps.ai.provider === 'openai' ? modelHandoffWriter(deps.ai, handoffFailed) : assembledHandoff }),
    ...createAiActivities({ answerer, policies, provider: deps.ai.provider }),
    ...createNotifyActivities(sinks),
    ...createBillingActivities({ ds: deps.ds, stripe: stripeBilling }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
