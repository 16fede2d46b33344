export { conversationWorkflow } from './conversation/conversation.workflow';
export { policyBacktestWorkflow } from './backtest/policy-backtest.workflow';
