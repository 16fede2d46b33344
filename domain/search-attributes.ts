import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The search attributes ops use in the Temporal UI; registered by `npm run migrate` and at worker start. */
export const SupportStatusKey = defineSearchAttributeKey('SupportStatus', SearchAttributeType.KEYWORD);
export const CustomerTierKey = defineSearchAttributeKey('CustomerTier', SearchAttributeType.KEYWORD);
export const ChannelKey = defineSearchAttributeKey('Channel', SearchAttributeType.KEYWORD);
export const EscalationReasonKey = defineSearchAttributeKey('EscalationReason', SearchAttributeType.KEYWORD);
export const AssignedAgentKey = defineSearchAttributeKey('AssignedAgent', SearchAttributeType.KEYWORD);
export const SlaDeadlineKey = defineSearchAttributeKey('SlaDeadline', SearchAttributeType.DATETIME);

export const supportSearchAttributes = [
  SupportStatusKey,
  CustomerTierKey,
  ChannelKey,
  EscalationReasonKey,
  AssignedAgentKey,
  SlaDeadlineKey,
];
