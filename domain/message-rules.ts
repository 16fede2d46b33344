import { ConversationStatus, MAX_MESSAGE_LENGTH } from './conversation';

/** Pure checks shared by the API (before any side effect) and the workflow's update validator. */
export function messageBodyProblem(body: unknown): string | null {
  if (typeof body !== 'string' || body.trim().length === 0) return 'message body must not be empty';
  if (body.length > MAX_MESSAGE_LENGTH) return `message body must be at most ${MAX_MESSAGE_LENGTH} characters`;
  return null;
}

export function clientMessageIdProblem(id: unknown): string | null {
  if (typeof id !== 'string' || id.trim().length === 0) return 'clientMessageId must not be empty';
  if (id.length > 128) return 'clientMessageId must be at most 128 characters';
  return null;
}

export function acceptsCustomerMessages(status: ConversationStatus): boolean {
  return status !== ConversationStatus.CLOSED;
}
