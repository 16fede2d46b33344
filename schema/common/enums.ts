import { registerEnumType } from 'type-graphql';
import { AuthorKind, ConversationStatus } from '../../workflows/conversation/conversation.types';

registerEnumType(ConversationStatus, {
  name: 'ConversationStatus',
  description: 'Where a conversation stands in the AI-first, human-backed flow',
});
registerEnumType(AuthorKind, {
  name: 'AuthorKind',
  description: 'Who wrote a message; notices from the system itself are SYSTEM',
});

export enum Role {
  CUSTOMER = 'customer',
  AGENT = 'agent',
  ADMIN = 'admin',
}
registerEnumType(Role, { name: 'Role' });

export { AuthorKind, ConversationStatus };

export enum EscalationTriggerGQL {
  EXPLICIT_REQUEST = 'EXPLICIT_REQUEST',
  CATEGORY = 'CATEGORY',
  FRUSTRATION = 'FRUSTRATION',
  LOW_CONFIDENCE = 'LOW_CONFIDENCE',
  PATIENCE = 'PATIENCE',
  AI_UNAVAILABLE = 'AI_UNAVAILABLE',
}
registerEnumType(EscalationTriggerGQL, {
  name: 'EscalationTrigger',
  description: 'Why a conversation went to a person',
});

export enum AgentStatusGQL {
  ONLINE = 'ONLINE',
  AWAY = 'AWAY',
  OFFLINE = 'OFFLINE',
}
registerEnumType(AgentStatusGQL, { name: 'AgentStatus' });

export enum AgentTierGQL {
  TIER1 = 'TIER1',
  TIER2 = 'TIER2',
  LEAD = 'LEAD',
}
registerEnumType(AgentTierGQL, { name: 'AgentTier' });

export enum SlaActionGQL {
  WARN = 'WARN',
  WIDEN_TO_TIER2 = 'WIDEN_TO_TIER2',
  PAGE_LEAD_ONCALL = 'PAGE_LEAD_ONCALL',
}
registerEnumType(SlaActionGQL, { name: 'SlaAction' });

export enum ResolvedByGQL {
  AI = 'AI',
  AGENT = 'AGENT',
}
registerEnumType(ResolvedByGQL, { name: 'ResolvedBy' });
