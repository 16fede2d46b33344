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
});
registerEnumType(AuthorKind, {
  name: 'AuthorKind',
  description: 'Who wrote a message; notices from the system itself are SYSTEM',
});

/** GraphQL names roles in capitals; tokens carry the domain's lower-case names. */
export const Role = { CUSTOMER: 'customer', AGENT: 'agent', ADMIN: 'admin' } as const satisfies Record<
  Uppercase<RoleName>,
  RoleName
>;
export type Role = RoleName;
registerEnumType(Role, { name: 'Role' });

export { AuthorKind, ConversationStatus };

export const EscalationTriggerGQL = enumOf(ESCALATION_TRIGGERS);
export type EscalationTriggerGQL = EscalationTrigger;
registerEnumType(EscalationTriggerGQL, {
  name: 'EscalationTrigger',
  description: 'Why a conversation went to a person',
});

export const AgentStatusGQL = enumOf(AGENT_STATUSES);
export type AgentStatusGQL = AgentStatus;
registerEnumType(AgentStatusGQL, { name: 'AgentStatus' });

export const AgentTierGQL = enumOf(AGENT_TIERS);
export type AgentTierGQL = AgentTier;
registerEnumType(AgentTierGQL, { name: 'AgentTier' });

export const SlaActionGQL = enumOf(SLA_ACTIONS);
export type SlaActionGQL = SlaAction;
registerEnumType(SlaActionGQL, { name: 'SlaAction' });

export const ResolvedByGQL = enumOf(RESOLVED_BY);
export type ResolvedByGQL = ResolvedBy;
registerEnumType(ResolvedByGQL, { name: 'ResolvedBy' });

export const CustomerTierGQL = enumOf(TIERS);
export type CustomerTierGQL = Tier;
registerEnumType(CustomerTierGQL, { name: 'CustomerTier' });

export const CONVERSATION_ORDERS = ['NEWEST', 'SLA_DEADLINE'] as const;
export const ConversationOrderGQL = enumOf(CONVERSATION_ORDERS);
export type ConversationOrderGQL = (typeof CONVERSATION_ORDERS)[number];
registerEnumType(ConversationOrderGQL, {
  name: 'ConversationOrder',
  description: 'NEWEST: latest started first; SLA_DEADLINE: soonest claim deadline first, those without one last',
  valuesConfig: { SLA_DEADLINE: { description: 'Soonest SLA deadline first, nulls last' } },
});
