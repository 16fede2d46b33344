export { conversationWorkflow } from './conversation/conversation.workflow';
export { weeklyDigestWorkflow } from './digest/weekly-digest.workflow';
