import { ConversationStatus, MAX_MESSAGE_LENGTH } from './conversation';

/** Half of a UTF-16 surrogate pair without its other half: not a character, and not storable as JSON in PostgreSQL. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The text is valid Unicode (JSON allows "\ud800" alone; PostgreSQL's jsonb, rightly, does not). */
export function isWellFormedText(text: string): boolean {
  return !UNPAIRED_SURROGATE.test(text);
}

/** Pure checks shared by the API (before any side effect) and the workflow's update validator. */
export function messageBodyProblem(body: unknown): string | null {
  if (typeof body !== 'string' || body.trim().length === 0) return 'message body must not be empty';
  if (body.length > MAX_MESSAGE_LENGTH) return `message body must be at most ${MAX_MESSAGE_LENGTH} characters`;
  if (!isWellFormedText(body)) return 'message body must be valid Unicode text (it has an unpaired surrogate)';
  return null;
}

/**
 * The keys the system gives its own messages start with these (`ai-reply-<message id>`, `system-escalated-<turn>`).
 * They share the conversation's unique client message ids with what clients send, so no client may use them: a
 * customer who sent `ai-reply-<their message id>` first would swallow the AI's answer.
 */
export const RESERVED_CLIENT_MESSAGE_ID_PREFIXES = ['ai-', 'system-'] as const;

export function clientMessageIdProblem(id: unknown): string | null {
  if (typeof id !== 'string' || id.trim().length === 0) return 'clientMessageId must not be empty';
  if (id.length > 128) return 'clientMessageId must be at most 128 characters';
  if (!isWellFormedText(id)) return 'clientMessageId must be valid Unicode text (it has an unpaired surrogate)';
  const lower = id.toLowerCase();
  if (RESERVED_CLIENT_MESSAGE_ID_PREFIXES.some((p) => lower.startsWith(p))) {
    return `clientMessageId must not start with ${RESERVED_CLIENT_MESSAGE_ID_PREFIXES.join(' or ')} (the system's own)`;
  }
  return null;
}

export function acceptsCustomerMessages(status: ConversationStatus): boolean {
  return status !== ConversationStatus.CLOSED;
}
