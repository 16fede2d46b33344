/**
 * Cross-process events. The worker publishes with pg_notify inside the transaction that writes the row, so an event
 * exists only if its row does; every API replica LISTENs and loads the row by id.
 */
export const EVENTS_CHANNEL = 'support_events';

export type SupportEvent =
  | { kind: 'message'; conversationId: string; messageId: string }
  | { kind: 'conversation'; conversationId: string }
  | { kind: 'queue'; conversationId: string; change: string }
  | { kind: 'backtest'; backtestId: string };

export function encodeEvent(e: SupportEvent): string {
  return JSON.stringify(e);
}

export function decodeEvent(payload: string | undefined): SupportEvent | null {
  if (!payload) return null;
  try {
    const e = JSON.parse(payload) as SupportEvent;
    return e && (e.kind === 'message' || e.kind === 'conversation' || e.kind === 'queue' || e.kind === 'backtest')
      ? e
      : null;
  } catch {
    return null;
  }
}
