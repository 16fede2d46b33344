import type { SavedRepliesService } from '../src/services/saved-replies.service';
import type { ReplySuggestionService } from '../src/services/reply-suggestion.service';
import { unauthenticated } from '../src/errors';
import type { Principal } from '../src/auth/jwt';
import type { EventHub } from '../src/events/hub';
import type { AgentAccessService } from '../src/services/agent-access.service';
import type { AgentDeskService } from '../src/services/agent-desk.service';
import type { AgentSessionService } from '../src/services/agent-sessions.service';
import type { AgentsService } from '../src/services/agents.service';
import type { NotesService } from '../src/services/notes.service';
import type { NotificationsService } from '../src/services/notifications.service';
import type { BacktestService } from '../src/services/backtest.service';
import type { BillingService } from '../src/services/billing.service';
import type { ConversationBatchReads } from '../src/services/conversation-batch-reads';
import type { MetricsService } from '../src/services/metrics.service';
import type { KnowledgeService } from '../src/services/knowledge.service';
import type { KbArticlesService } from '../src/services/kb-articles.service';
import type { TeamService } from '../src/services/team.service';
import type { InsightsService } from '../src/services/insights.service';
import type { ConversationsService } from '../src/services/conversations.service';
import type { PolicyService } from '../src/services/policy.service';
import type { CustomersService } from '../src/services/customers.service';
import type { TypingService } from '../src/services/typing.service';
import type { WidgetSessionService } from '../src/services/widget-session.service';
import type { ContextPrefetchService } from '../src/services/context-prefetch.service';
import type { WidgetVisitorService } from '../src/services/widget-visitor.service';
import type { CustomerDataService } from '../src/services/customer-data.service';
import type { RequestLimits } from '../src/api/limits';
import type { Loaders } from './loaders';

export interface Services {
  conversations: ConversationsService;
  customers: CustomersService;
  desk: AgentDeskService;
  /** The agent directory (transfers, the team view). */
  agents: AgentsService;
  notes: NotesService;
  notifications: NotificationsService;
  /** Console sessions (REST, /auth/*). */
  sessions: AgentSessionService;
  /** Disabled agents: refused on both transports (src/api), disabled and enabled by admins. */
  access: AgentAccessService;
  billing: BillingService;
  metrics: MetricsService;
  knowledge: KnowledgeService;
  /** The knowledge base itself: articles, their versions, archive and import. */
  kbArticles: KbArticlesService;
  /** Inviting agents and setting their tier, skills, on-call and capacity (admins). */
  team: TeamService;
  insights: InsightsService;
  policies: PolicyService;
  events: EventHub;
  backtests: BacktestService;
  widget: WidgetSessionService;
  prefetch: ContextPrefetchService;
  visitors: WidgetVisitorService;
  typing: TypingService;
  /** Saved replies (macros), shared and personal. */
  savedReplies: SavedRepliesService;
  /** Draft replies for agents, from the answerer the AI uses. */
  replySuggestions: ReplySuggestionService;
  /** Per-parent reads of many conversations at once, for the loaders. */
  batch: ConversationBatchReads;
  /** Admins' export and erasure of one customer's data. */
  customerData: CustomerDataService;
}

export interface GraphQLContext {
  principal: Principal | null;
  services: Services;
  loaders: Loaders;
  /** Rate limits and the per-conversation Update bound, applied to every mutation (schema/limits.ts). */
  limits: RequestLimits | null;
  /** The caller's network address (Express's req.ip; set `trust proxy` behind a proxy): limits anonymous calls. */
  clientAddress?: string;
  /** Where the caller reached the API over HTTP (scheme and host), for links to the API's own pages. */
  origin?: string;
}

/** The caller, or UNAUTHENTICATED (subscriptions' subscribe functions run before @Authorized can). */
export function principalOf(ctx: GraphQLContext): Principal {
  if (!ctx.principal) throw unauthenticated();
  return ctx.principal;
}
