import type { DataSource } from 'typeorm';
import { KbCache } from '../src/ai/kb-cache';
import { warmUpAnalysis } from '../src/ai/warm-up';
import { createAnswerers } from '../src/ai/answerers';
import { assembledHandoff, modelHandoffWriter } from '../src/ai/handoff-writer';
import { assembledDraft, modelDrafter } from '../src/ai/kb-draft';
import { providerErrorReason } from '../src/ai/provider-errors';
import type { AppConfig } from '../src/config';
import { contextProviders } from '../src/integrations/providers';
import { SlackSink } from '../src/integrations/slack/slack.sink';
import { HandoffStore } from '../src/services/handoff-store';
import { KnowledgeStore } from '../src/services/knowledge-store';
import { BacktestStore } from '../src/services/backtest-store';
import { CustomersService } from '../src/services/customers.service';
import { InsightsService } from '../src/services/insights.service';
import { aiProviderErrors } from '../src/observability/metrics';
import { ConversationStore } from '../src/services/conversation-store';
import { PolicyService } from '../src/services/policy.service';
import type { TemporalGateway } from '../src/temporal/gateway';
import { createAiActivities } from './ai/ai.activities';
import { createBacktestActivities } from './backtest/backtest.activities';
import { createBillingActivities } from './billing/billing.activities';
import { createContextActivities } from './context/context.activities';
import { createHandoffActivities } from './context/handoff.activities';
import { createKnowledgeActivities } from './knowledge/knowledge.activities';
import { createDigestActivities } from './notify/digest.activities';
import { createNotifyActivities, InAppSink, type NotificationSink } from './notify/notify.activities';
import { createPolicyRolloutActivities } from './policy/policy-rollout.activities';
import { createReplyEmailActivities, type ReplyEmailSettings } from './notify/reply-email.activities';
import type { Mailer } from '../src/integrations/email/mailer';
import { createStoreActivities } from './store/store.activities';
import { createNoteActivities } from './store/note.activities';
import { NoteStore } from '../src/services/note-store';
import { CustomerDataService } from '../src/services/customer-data.service';
import { createRetentionActivities } from './retention/retention.activities';

export interface ActivityDeps {
  ds: DataSource;
  /** For activities that address other workflows (the policy rollout's signals). */
  temporal: Pick<TemporalGateway, 'conversations' | 'lifecycle'>;
  ai: AppConfig['ai'];
  integrations: AppConfig['integrations'];
  learning?: AppConfig['learning'];
  /** Reply emails to customers who are away: SMTP (null: none sent) and the link they carry. */
  email?: { mailer: Mailer | null; settings: ReplyEmailSettings };
}

/** The configured providers: HubSpot when a token is set (else the built-in CRM); Slack beside the in-app sink. */
function providers(deps: ActivityDeps) {
  const { slack, consoleBaseUrl } = deps.integrations;
  const sinks: NotificationSink[] = [new InAppSink(deps.ds)];
  if (slack)
    sinks.push(
      new SlackSink({
        token: slack.token,
        apiUrl: slack.apiUrl,
        channels: slack.channels,
        conversationBaseUrl: consoleBaseUrl,
      }),
    );
  return { ...contextProviders(deps.ds, deps.integrations), sinks };
}

/** Activities receive their clients here (dependency injection), so tests and the worker build them the same way. */
export function createActivities(deps: ActivityDeps) {
  return buildActivities(deps).activities;
}

/**
 * The activities and a warm-up for the worker to run before it polls: the first AI turn of a fresh worker used to
 * read the KB, build its index and compile the analysis' patterns on the event loop (about 0.7 s on a quiet machine,
 * seconds on a busy one), while the same conversation's context lookup waited on that loop and could time out into
 * the CRM's fallback record.
 */
export function buildActivities(deps: ActivityDeps) {
  const store = new ConversationStore(deps.ds);
  const { crm, builtin, sinks, billing, stripeBilling } = providers(deps);
  const policies = new PolicyService(deps.ds);
  const kb = new KbCache(deps.ds);
  const ai = deps.ai;
  const { answerer, answererFor } = createAnswerers(ai, kb, { customers: builtin, billing });
  const handoffFailed = (err: unknown) =>
    aiProviderErrors.inc({ provider: deps.ai.provider, operation: 'write_handoff', reason: providerErrorReason(err) });
  const notifyActivities = createNotifyActivities(sinks);
  const activities = {
    ...createStoreActivities(store, policies),
    ...createNoteActivities(new NoteStore(deps.ds)),
    ...createContextActivities({ ds: deps.ds, store, crm, builtinCrm: builtin, billing }),
    ...createHandoffActivities({
      store: new HandoffStore(deps.ds),
      writer: deps.ai.provider === 'openai' ? modelHandoffWriter(deps.ai, handoffFailed) : assembledHandoff,
    }),
    ...createAiActivities({ answerer, policies, provider: deps.ai.provider }),
    ...notifyActivities,
    ...createKnowledgeActivities({
      store: new KnowledgeStore(deps.ds),
      kb,
      policies,
      drafter: ai.provider === 'openai' ? modelDrafter(ai) : assembledDraft,
      answererFor,
      remindAfterSeconds: deps.learning?.suggestionRemindAfterSeconds ?? 86400,
      replayLimit: ai.provider === 'openai' ? 50 : 200,
      notify: notifyActivities.notifyAgents,
    }),
    ...createBillingActivities({ ds: deps.ds, stripe: stripeBilling }),
    ...createBacktestActivities(new BacktestStore(deps.ds)),
    ...createPolicyRolloutActivities({ ds: deps.ds, conversations: deps.temporal.conversations }),
    ...createReplyEmailActivities({
      ds: deps.ds,
      mailer: deps.email?.mailer ?? null,
      settings: deps.email?.settings ?? { linkSecret: '', linkUrl: 'http://localhost/demo', linkTtlSeconds: 3600 },
    }),
    ...createDigestActivities({
      insights: new InsightsService(deps.ds, kb),
      customers: new CustomersService(deps.ds),
      sinks,
    }),
    ...createRetentionActivities(new CustomerDataService(deps.ds, deps.temporal)),
  };
  return { activities, warmUp: () => warmUpAnalysis(kb) };
}

export type Activities = ReturnType<typeof createActivities>;
