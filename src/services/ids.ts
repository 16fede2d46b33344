import { createHash } from 'node:crypto';

/**
 * The conversation a customer's first message starts is derived from (customer, clientMessageId), so a retried
 * startConversation lands on the same conversation instead of opening a second one.
 */
export function conversationIdFor(customerId: string, clientMessageId: string): string {
  const h = createHash('sha256').update(`conversation:${customerId}:${clientMessageId}`).digest('hex');
  // Shaped as an RFC 4122 version-8 (custom) UUID.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);
