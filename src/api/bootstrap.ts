import type { Services } from '../../schema/context';
import { type AppConfig, assertSafeToExpose, databaseUrlOf } from '../config';
import { createDataSource } from '../db/data-source';
import { EncryptionCodec, sqlOf } from '../crypto/payload-codec';
import { BacktestEntity, ConversationEntity, MessageEntity } from '../db/entities';
import { In } from 'typeorm';
import { batchedById } from '../events/batch-loader';
import { MessageCommitWaiters } from '../events/commit-waiters';
import { EventHub } from '../events/hub';
import { AgentAccessService } from '../services/agent-access.service';
import { AgentDeskService } from '../services/agent-desk.service';
import { AgentSessionService } from '../services/agent-sessions.service';
import { SavedRepliesService } from '../services/saved-replies.service';
import { AgentsService } from '../services/agents.service';
import { NotesService } from '../services/notes.service';
import { NotificationsService } from '../services/notifications.service';
import { BacktestService } from '../services/backtest.service';
import { type BillingActionRow, BillingService } from '../services/billing.service';
import { KbArticlesService } from '../services/kb-articles.service';
import { TeamService } from '../services/team.service';
import { KnowledgeService } from '../services/knowledge.service';
import { MetricsService } from '../services/metrics.service';
import { InsightsService } from '../services/insights.service';
import { KbCache } from '../ai/kb-cache';
import { createAnswerers } from '../ai/answerers';
import { ReplySuggestionService } from '../services/reply-suggestion.service';
import { AgentAvailability } from '../services/agent-availability';
import { AutoAssignService } from '../services/auto-assign.service';
import { ConversationsService } from '../services/conversations.service';
import { MessageOutbox } from '../services/message-outbox';
import { ConversationBatchReads } from '../services/conversation-batch-reads';
import { queueInfos } from '../services/queue-info';
import { PolicyService } from '../services/policy.service';
import { CustomersService } from '../services/customers.service';
import { CustomerDataService, DATA_KEYS_SHREDDED_CHANNEL } from '../services/customer-data.service';
import { PgListener } from '../events/pg-listener';
import { connectTemporalClient } from '../temporal/client';
import { AgentAccessBus } from '../events/agent-access';
import { TypingBus } from '../events/typing';
import { TypingService } from '../services/typing.service';
import { WidgetSessionService } from '../services/widget-session.service';
import { ContextGatherer } from '../services/context-gatherer';
import { ContextPrefetchService } from '../services/context-prefetch.service';
import { presenceHeartbeatMs, WidgetPresence } from '../services/widget-presence.service';
import { WidgetVisitorService } from '../services/widget-visitor.service';
import { contextProviders } from '../integrations/providers';
import { createTemporalGateway } from '../temporal/gateway';
import { startApiServer, type RunningApi } from './server';

/** Wires the API process: PostgreSQL, Temporal client, LISTEN hub, services, HTTP/WS server. */
export async function startApi(config: AppConfig): Promise<RunningApi & { close(): Promise<void> }> {
  assertSafeToExpose(config);
  const url = databaseUrlOf(config);
  const ds = createDataSource(url, { poolSize: 20, applicationName: 'support-api' });
  await ds.initialize();
  const codec = new EncryptionCodec(sqlOf(ds), config.dataProtection);
  const temporal = await connectTemporalClient(config, codec);
  const gateway = createTemporalGateway(temporal.client, config.temporal);
  const providers = contextProviders(ds, config.integrations);
  const prefetch = new ContextPrefetchService(ds, new ContextGatherer(ds, providers), {
    ttlSeconds: config.widget.prefetchTtlSeconds,
  });
  const messageCommits = new MessageCommitWaiters();
  const outbox = new MessageOutbox(ds, (m) => gateway.conversations.deliverCustomerMessage(m), {
    pace: {
      limit: config.conversation.backlogLimit,
      maxWaitMs: config.conversation.backlogWaitMs,
      nextCommit: (conversationId, except, timeoutMs) => messageCommits.next(conversationId, except, timeoutMs),
    },
  });
  const conversations = new ConversationsService(ds, gateway.conversations, {
    outbox,
    continueAsNewAfterTurns: config.conversation.continueAsNewAfterTurns,
    replyEmailAfterSeconds: config.widget.replyEmail.afterSeconds,
    aiInWorkflowTask: config.ai.provider === 'local',
    prefetch,
    temporalUi: { url: config.temporal.uiUrl, namespace: config.temporal.namespace },
  });
  const notes = new NotesService(ds, gateway.conversations, conversations);
  const notifications = new NotificationsService(ds);
  const events = new EventHub(
    url,
    {
      // Every commit is loaded once per replica: a burst of them (an AI burst's answers, a flood) in one read each.
      message: batchedById(
        (ids) => ds.getRepository(MessageEntity).findBy({ id: In(ids) }),
        (m) => m.id,
      ),
      conversation: batchedById(
        (ids) => ds.getRepository(ConversationEntity).findBy({ id: In(ids) }),
        (c) => c.id,
      ),
      waitingConversations: (ids) =>
        ds
          .getRepository(ConversationEntity)
          .createQueryBuilder('c')
          .where(`c.id = ANY(:ids) AND c.status = 'AWAITING_AGENT'`, { ids })
          .getMany(),
      queueInfos: (ids) => queueInfos(ds, ids),
      backtest: (id) => ds.getRepository(BacktestEntity).findOneBy({ id }),
      note: (id) => notes.byId(id),
      notification: (id) => notifications.byId(id),
      billingAction: async (id) =>
        ((await ds.query('SELECT * FROM billing_actions WHERE id = $1', [id])) as BillingActionRow[])[0] ?? null,
    },
    messageCommits,
  );
  await events.start();
  const typingBus = new TypingBus(url);
  await typingBus.start();
  const accessBus = new AgentAccessBus(url);
  await accessBus.start();
  const visitors = new WidgetVisitorService(ds, gateway.conversations, {
    jwtSecret: config.auth.jwtSecret,
    sessionTtlSeconds: config.widget.sessionTtlSeconds,
    visitors: config.widget.visitors,
  });
  const availability = new AgentAvailability();
  const desk = new AgentDeskService(ds, gateway.conversations, conversations, availability);
  const stripe = config.integrations.stripe;
  const stripeBilling = providers.stripeBilling;
  const kb = new KbCache(ds);
  const { answerer } = createAnswerers(config.ai, kb, { customers: providers.builtin, billing: providers.billing });
  const services: Services = {
    conversations,
    customers: new CustomersService(ds),
    desk,
    agents: new AgentsService(ds),
    notes,
    notifications,
    sessions: new AgentSessionService(ds, {
      auth: config.auth,
      sessionTtlSeconds: config.console.sessionTtlSeconds,
      accessTokenTtlSeconds: config.console.accessTokenTtlSeconds,
      reuseSeconds: config.console.refreshReuseSeconds,
    }),
    access: new AgentAccessService(ds),
    savedReplies: new SavedRepliesService(ds, conversations),
    billing: new BillingService(ds, gateway.conversations, conversations, desk, stripeBilling, stripe?.webhookSecret),
    policies: new PolicyService(ds, gateway.policies),
    metrics: new MetricsService(ds),
    knowledge: new KnowledgeService(ds, gateway.knowledge),
    kbArticles: new KbArticlesService(ds),
    team: new TeamService(ds, availability),
    insights: new InsightsService(ds, kb),
    events,
    backtests: new BacktestService(ds, gateway.backtests, config.backtest),
    widget: new WidgetSessionService(ds, {
      jwtSecret: config.auth.jwtSecret,
      ...config.widget,
      crm: providers.crm,
      visitors,
    }),
    prefetch,
    visitors,
    typing: new TypingService(ds, typingBus, conversations, desk),
    batch: new ConversationBatchReads(ds),
    replySuggestions: new ReplySuggestionService(ds, conversations, answerer, config.ai.provider),
    customerData: new CustomerDataService(ds, {
      conversations: gateway.conversations,
      lifecycle: gateway.lifecycle,
      keys: codec.keys,
      owners: codec.owners,
    }),
  };
  // The policy's auto-assignment: every queue move of a waiting conversation is offered to a free online agent, and
  // the conversations already waiting are offered again whenever an agent may take more (and on a timer).
  const autoAssign = new AutoAssignService(ds, services.policies, desk, {
    sweepEveryMs: config.routing.autoAssignSweepSeconds * 1000,
  });
  events.onQueueMove((c, change) => autoAssign.onQueueMove(c, change));
  availability.on((agentId, why) => autoAssign.offerWaiting(`${why} (${agentId})`));
  autoAssign.start();
  outbox.start();
  const presence = new WidgetPresence(ds, presenceHeartbeatMs(config.widget.replyEmail.afterSeconds));
  presence.start();
  const shredBus = new PgListener(
    { databaseUrl: url, channel: DATA_KEYS_SHREDDED_CHANNEL, applicationName: 'support-api-keys' },
    (customerId) => customerId && codec.keys.forget(customerId),
  );
  await shredBus.start();
  const api = await startApiServer({ config, ds, temporal: gateway, services, accessBus, presence, codec });
  return {
    ...api,
    close: async () => {
      await api.stop();
      await autoAssign.stop();
      await outbox.stop();
      await presence.stop();
      await prefetch.drain();
      await events.stop();
      await typingBus.stop();
      await accessBus.stop();
      await shredBus.stop();
      await temporal.close();
      await ds.destroy();
    },
  };
}
