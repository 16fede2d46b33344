export { conversationWorkflow } from './conversation/conversation.workflow';
