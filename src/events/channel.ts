/**
 * Cross-process events. The worker publishes with pg_notify inside the transaction that writes the row, so an event
 * exists only if its row does; every API replica LISTENs and loads the row by id.
 */
export const EVENTS_CHANNEL = 'support_events';

export type SupportEvent =
  | { kind: 'message'; conversationId: string; messageId: string }
  | { kind: 'conversation'; conversationId: string }
  | { kind: 'queue'; conversationId: string; change: string }
  | { kind: 'backtest'; backtestId: string }
  /** An internal note (staff only): published to internalNoteAdded. */
  | { kind: 'note'; conversationId: string; noteId: string }
  /** An in-app notification for agents: published to notificationAdded for its audience. */
  | { kind: 'notification'; notificationId: string }
  /** A refund or credit proposed, approved, executed, failed or rejected: published to billingActionChanged (staff). */
  | { kind: 'billing'; conversationId: string; billingActionId: string };

const KINDS = new Set<SupportEvent['kind']>([
  'message',
  'conversation',
  'queue',
  'backtest',
  'note',
  'notification',
  'billing',
]);

export function encodeEvent(e: SupportEvent): string {
  return JSON.stringify(e);
}

export function decodeEvent(payload: string | undefined): SupportEvent | null {
  if (!payload) return null;
  try {
    const e = JSON.parse(payload) as SupportEvent;
    return e && KINDS.has(e.kind) ? e : null;
  } catch {
    return null;
  }
}
