import 'reflect-metadata';
import { DateTimeResolver } from 'graphql-scalars';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { authChecker } from './auth-checker';
import { withMutationLimits } from './limits';
import './common/enums';
import { ConversationResolver } from './conversation/conversation.resolver';
import { ConversationSubscriptions } from './conversation/conversation.subscriptions';
import { MeResolver } from './me/me.resolver';
import { AgentResolver } from './agent/agent.resolver';
import { AgentDirectoryResolver } from './agent/agent-directory.resolver';
import { AgentLoadResolver } from './agent/agent-load.resolver';
import { NotesResolver } from './notes/notes.resolver';
import { NotificationsResolver } from './notifications/notifications.resolver';
import { AgentAdminResolver } from './agent/agent-admin.resolver';
import { TeamResolver } from './agent/team.resolver';
import { PolicyResolver } from './escalation/policy.resolver';
import { BillingResolver } from './billing/billing.resolver';
import { MetricsResolver } from './metrics/metrics.resolver';
import {
  AccountAtRiskResolver,
  InsightsResolver,
  KbGapResolver,
  RecurringErrorResolver,
} from './insights/insights.resolver';
import { KnowledgeResolver } from './knowledge/knowledge.resolver';
import { KbArticlesResolver } from './knowledge/kb-articles.resolver';
import { BacktestReportResolver, BacktestResolver } from './backtest/backtest.resolver';
import { BacktestSubscriptions } from './backtest/backtest.subscriptions';
import { MessageAuthorResolver } from './widget/message-author.resolver';
import { TypingResolver } from './widget/typing.resolver';
import { WidgetResolver } from './widget/widget.resolver';
import { SavedRepliesResolver } from './saved-replies/saved-replies.resolver';
import { ReplySuggestionResolver } from './reply-suggestion/reply-suggestion.resolver';
import { CustomerDataResolver } from './customer-data/customer-data.resolver';

export const resolvers = [
  ConversationResolver,
  ConversationSubscriptions,
  MeResolver,
  AgentResolver,
  AgentDirectoryResolver,
  AgentLoadResolver,
  NotesResolver,
  NotificationsResolver,
  AgentAdminResolver,
  TeamResolver,
  PolicyResolver,
  BillingResolver,
  MetricsResolver,
  KnowledgeResolver,
  KbArticlesResolver,
  BacktestResolver,
  BacktestReportResolver,
  BacktestSubscriptions,
  InsightsResolver,
  KbGapResolver,
  RecurringErrorResolver,
  AccountAtRiskResolver,
  WidgetResolver,
  TypingResolver,
  MessageAuthorResolver,
  SavedRepliesResolver,
  ReplySuggestionResolver,
  CustomerDataResolver,
] as const;

/** Code-first schema; `npm run schema:emit` writes schema/schema.graphql and a test fails when they drift. */
/**
 * Our subscriptions subscribe explicitly (to authorise first, then follow the event hub), so no resolver publishes
 * through type-graphql's topics; it still insists on a PubSub being configured.
 */
const explicitSubscriptionsOnly: PubSub = {
  publish: () => {
    throw new Error('publish through the event hub (PostgreSQL NOTIFY), not type-graphql topics');
  },
  subscribe: () => {
    throw new Error('subscriptions in this schema declare their own subscribe function');
  },
};

export async function buildSupportSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    pubSub: explicitSubscriptionsOnly,
    authChecker,
    authMode: 'error',
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  });
  return withMutationLimits(describeRootTypes(schema));
}

/** type-graphql has no option for the root types' own descriptions, and the SDL documents every type. */
function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  const subscription = schema.getSubscriptionType();
  if (query) query.description = 'Reads. Every field checks who calls: customers see only their own data';
  if (mutation) mutation.description = 'Changes. Every field checks who calls; failures carry extensions.code';
  if (subscription) subscription.description = 'Live updates over graphql-ws, authorised like queries when they start';
  return schema;
}
