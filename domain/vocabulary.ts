/**
 * The product's vocabularies, each spelled once. Every other layer (workflows, services, GraphQL enums, metrics,
 * integrations, the policy schema) takes its lists and types from here. Pure constants: loaded in the workflow sandbox.
 */

/** A list as an enum-like object (`X.VALUE === 'VALUE'`), for code that reads better that way and for GraphQL enums. */
export const enumOf = <const T extends readonly string[]>(list: T) =>
  Object.freeze(Object.fromEntries(list.map((v) => [v, v]))) as { readonly [K in T[number]]: K };

/** Customer tiers: the CRM decides one; thresholds and SLA times are per tier. */
export const TIERS = ['FREE', 'PRO', 'ENTERPRISE'] as const;
export type Tier = (typeof TIERS)[number];
export const isTier = (v: unknown): v is Tier => TIERS.includes(v as Tier);

export const CONVERSATION_STATUSES = ['AI_ACTIVE', 'AWAITING_AGENT', 'AGENT_ACTIVE', 'RESOLVED', 'CLOSED'] as const;
/** Where a conversation stands; `ConversationStatus.AI_ACTIVE` reads like an enum member and is its string. */
export const ConversationStatus = enumOf(CONVERSATION_STATUSES);
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const AUTHOR_KINDS = ['CUSTOMER', 'AI', 'AGENT', 'SYSTEM'] as const;
export const AuthorKind = enumOf(AUTHOR_KINDS);
export type AuthorKind = (typeof AUTHOR_KINDS)[number];

export const ESCALATION_TRIGGERS = [
  'EXPLICIT_REQUEST',
  'CATEGORY',
  'FRUSTRATION',
  'LOW_CONFIDENCE',
  'PATIENCE',
  'AI_UNAVAILABLE',
] as const;
export type EscalationTrigger = (typeof ESCALATION_TRIGGERS)[number];
/** The triggers a policy ranks: AI_UNAVAILABLE is not decided from a turn's signals, so it has no place there. */
export const POLICY_TRIGGERS = ESCALATION_TRIGGERS.filter(
  (t): t is Exclude<EscalationTrigger, 'AI_UNAVAILABLE'> => t !== 'AI_UNAVAILABLE',
);
export type PolicyTrigger = (typeof POLICY_TRIGGERS)[number];

/** Categories a policy may send to people whatever the AI's confidence, in the default precedence (most urgent first). */
export const ALWAYS_HUMAN_CATEGORIES = [
  'security_incident',
  'account_access_takeover',
  'data_loss',
  'legal_privacy',
  'billing_dispute',
  'cancellation_with_complaint',
] as const;
export type AlwaysHumanCategory = (typeof ALWAYS_HUMAN_CATEGORIES)[number];

/** What the SLA ladder can do when a step falls due. */
export const SLA_ACTIONS = ['WARN', 'WIDEN_TO_TIER2', 'PAGE_LEAD_ONCALL'] as const;
export type SlaAction = (typeof SLA_ACTIONS)[number];

export const AGENT_TIERS = ['TIER1', 'TIER2', 'LEAD'] as const;
export type AgentTier = (typeof AGENT_TIERS)[number];
/** Who may claim from the queue: agent tiers, and ONCALL (on-call agents of any tier). */
export const AGENT_POOLS = [...AGENT_TIERS, 'ONCALL'] as const;
export type AgentPool = (typeof AGENT_POOLS)[number];

export const AGENT_STATUSES = ['ONLINE', 'AWAY', 'OFFLINE'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** Who calls the API; a token's `role` claim is one of these. */
export const ROLES = ['customer', 'agent', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const RESOLVED_BY = ['AI', 'AGENT'] as const;
export type ResolvedBy = (typeof RESOLVED_BY)[number];

export const CHANNELS = ['web', 'email', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];
