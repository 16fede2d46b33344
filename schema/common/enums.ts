import { registerEnumType } from 'type-graphql';
import {
  AGENT_STATUSES,
  AGENT_TIERS,
  AuthorKind,
  ConversationStatus,
  ESCALATION_TRIGGERS,
  enumOf,
  RESOLVED_BY,
  SLA_ACTIONS,
  TIERS,
  type AgentStatus,
  type AgentTier,
  type EscalationTrigger,
  type ResolvedBy,
  type Role as RoleName,
  type SlaAction,
  type Tier,
} from '../../domain/vocabulary';

/** GraphQL enums, each the domain's list (domain/vocabulary.ts) registered under its schema name. */
registerEnumType(ConversationStatus, {
  name: 'ConversationStatus',
  description: 'Where a conversation stands in the AI-first, human-backed flow',
  valuesConfig: {
    AI_ACTIVE: { description: 'The AI is answering' },
    AWAITING_AGENT: { description: 'Escalated: waiting in the queue for an agent to claim it' },
    AGENT_ACTIVE: { description: 'An agent owns it and answers' },
    RESOLVED: { description: 'Solved (by the AI or an agent); the customer may still rate it or write again' },
    CLOSED: { description: 'Ended for good; no more messages' },
  },
});
registerEnumType(AuthorKind, {
  name: 'AuthorKind',
  description: 'Who wrote a message; notices from the system itself are SYSTEM',
  valuesConfig: {
    CUSTOMER: { description: 'The customer' },
    AI: { description: 'The AI assistant' },
    AGENT: { description: 'A support agent' },
    SYSTEM: { description: 'A notice from the product itself (e.g. an agent joined)' },
  },
});

/** GraphQL names roles in capitals; tokens carry the domain's lower-case names. */
export const Role = { CUSTOMER: 'customer', AGENT: 'agent', ADMIN: 'admin' } as const satisfies Record<
  Uppercase<RoleName>,
  RoleName
>;
export type Role = RoleName;
registerEnumType(Role, {
  name: 'Role',
  description: 'What a token lets its holder do',
  valuesConfig: {
    CUSTOMER: { description: 'A customer (widget session): sees only their own conversations' },
    AGENT: { description: 'A support agent: the console' },
    ADMIN: { description: 'An administrator: team, policy, knowledge and data requests' },
  },
});

export { AuthorKind, ConversationStatus };

export const EscalationTriggerGQL = enumOf(ESCALATION_TRIGGERS);
export type EscalationTriggerGQL = EscalationTrigger;
registerEnumType(EscalationTriggerGQL, {
  name: 'EscalationTrigger',
  description: 'Why a conversation went to a person',
  valuesConfig: {
    EXPLICIT_REQUEST: { description: 'The customer asked for a person' },
    LOW_CONFIDENCE: { description: 'The AI was not sure enough of its answer' },
    FRUSTRATION: { description: 'The customer sounded frustrated (sentiment under the threshold)' },
    PATIENCE: { description: 'Too many AI turns without a resolution for the customer tier' },
    CATEGORY: { description: 'The topic is one the policy always sends to a person (e.g. billing disputes)' },
    AI_UNAVAILABLE: { description: 'The AI could not answer (provider down or failing)' },
  },
});

export const AgentStatusGQL = enumOf(AGENT_STATUSES);
export type AgentStatusGQL = AgentStatus;
registerEnumType(AgentStatusGQL, {
  name: 'AgentStatus',
  description: 'Whether an agent takes conversations now',
  valuesConfig: {
    ONLINE: { description: 'Available: notified of and offered new conversations' },
    AWAY: { description: 'Signed in but not taking new conversations' },
    OFFLINE: { description: 'Not working: never notified' },
  },
});

export const AgentTierGQL = enumOf(AGENT_TIERS);
export type AgentTierGQL = AgentTier;
registerEnumType(AgentTierGQL, {
  name: 'AgentTier',
  description: 'Support tier: which queues an agent serves and what they may do',
  valuesConfig: {
    TIER1: { description: 'First line' },
    TIER2: { description: 'Second line: also gets conversations the SLA ladder widens' },
    LEAD: { description: 'Team lead: may take over and reassign conversations' },
  },
});

export const SlaActionGQL = enumOf(SLA_ACTIONS);
export type SlaActionGQL = SlaAction;
registerEnumType(SlaActionGQL, {
  name: 'SlaAction',
  description: 'What the SLA ladder does as a claim deadline approaches',
  valuesConfig: {
    WARN: { description: 'Notify the agents of the queue' },
    WIDEN_TO_TIER2: { description: 'Offer the conversation to tier 2 as well' },
    PAGE_LEAD_ONCALL: { description: 'Page the on-call lead' },
  },
});

export const ResolvedByGQL = enumOf(RESOLVED_BY);
export type ResolvedByGQL = ResolvedBy;
registerEnumType(ResolvedByGQL, {
  name: 'ResolvedBy',
  description: 'Who resolved a conversation',
  valuesConfig: { AI: { description: 'The AI, without a person' }, AGENT: { description: 'A support agent' } },
});

export const CustomerTierGQL = enumOf(TIERS);
export type CustomerTierGQL = Tier;
registerEnumType(CustomerTierGQL, {
  name: 'CustomerTier',
  description: 'The customer’s plan level; sets patience, SLA deadlines and queue priority',
  valuesConfig: {
    FREE: { description: 'Free plan' },
    PRO: { description: 'Paid plan' },
    ENTERPRISE: { description: 'Enterprise contract: shortest SLA, highest priority' },
  },
});

export const CONVERSATION_ORDERS = ['NEWEST', 'SLA_DEADLINE'] as const;
export const ConversationOrderGQL = enumOf(CONVERSATION_ORDERS);
export type ConversationOrderGQL = (typeof CONVERSATION_ORDERS)[number];
registerEnumType(ConversationOrderGQL, {
  name: 'ConversationOrder',
  description: 'NEWEST: latest started first; SLA_DEADLINE: soonest claim deadline first, those without one last',
  valuesConfig: {
    NEWEST: { description: 'Latest started first' },
    SLA_DEADLINE: { description: 'Soonest SLA deadline first, nulls last' },
  },
});
