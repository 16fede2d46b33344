import type { ConversationStateChange, MessageStore, PersistedMessage, PersistMessageInput } from '../../src/services/message-store';

export function createStoreActivities(store: MessageStore) {
  return {
    /** Stores one message exactly once (keyed on its clientMessageId) and publishes it in the same transaction. */
    async persistMessage(input: PersistMessageInput): Promise<PersistedMessage> {
      return store.persistMessage(input);
    },
    /** Updates the conversation's read-model row and appends to its audit trail, idempotently. */
    async recordConversationState(change: ConversationStateChange): Promise<void> {
      await store.recordConversationState(change);
    },
  };
}
