import { randomUUID } from 'node:crypto';
import type { ConversationStore } from '../../src/services/conversation-store';

/** A conversation opened in the store alone (no workflow) by cus-01's first message; its id. */
export async function openStoredConversation(store: ConversationStore): Promise<string> {
  const id = randomUUID();
  await store.persistMessage({
    conversation: { id, customerId: 'cus-01', channel: 'web', pageContext: {}, workflowId: `conversation-${id}` },
    authorKind: 'CUSTOMER',
    authorId: 'cus-01',
    body: 'How do I export a dashboard to PDF?',
    clientMessageId: randomUUID(),
  });
  return id;
}
