export { conversationWorkflow } from './conversation/conversation.workflow';
export { knowledgeSuggestionWorkflow } from './knowledge/knowledge-suggestion.workflow';
export { policyBacktestWorkflow } from './backtest/policy-backtest.workflow';
export { weeklyDigestWorkflow } from './digest/weekly-digest.workflow';
export { policyRolloutWorkflow } from './policy-rollout/policy-rollout.workflow';
export { retentionSweepWorkflow } from './retention/retention-sweep.workflow';
