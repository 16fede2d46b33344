export const conversationWorkflowId = (conversationId: string) => `conversation-${conversationId}`;
/** Update ids make a retried send land once: Temporal deduplicates updates by id within a run. */
export const customerMessageUpdateId = (clientMessageId: string) => `customer-message-${clientMessageId}`;
export const backtestWorkflowId = (backtestId: string) => `backtest-${backtestId}`;
