import type { CustomerDataService } from '../../src/services/customer-data.service';

/** The retention schedule's actor in the audit log. */
const RETENTION_ACTOR = { sub: 'retention-schedule', role: 'admin' as const };

/** The retention sweep: which closed conversations are past their age, and erasing them (audited). */
export function createRetentionActivities(
  data: Pick<CustomerDataService, 'expiredConversations' | 'eraseConversations'>,
) {
  return {
    async listExpiredConversations(input: { olderThanDays: number; limit: number }): Promise<string[]> {
      return data.expiredConversations(input.olderThanDays, input.limit);
    },
    async eraseExpiredConversations(input: { conversationIds: string[] }) {
      const counts = await data.eraseConversations(RETENTION_ACTOR, input.conversationIds, 'retention period ended');
      return { conversations: counts.conversations, messages: counts.messages };
    },
  };
}
