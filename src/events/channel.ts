/**
 * Cross-process events. The worker publishes with pg_notify inside the transaction that writes the row, so an event
 * exists only if its row does; every API replica LISTENs and loads the row by id, except a message's: its row rides
 * on its notification when it fits (see messageEvent), so the fan-out waits on no read.
 */
export const EVENTS_CHANNEL = 'support_events';

/**
 * A message row as its notification carries it: the columns the statement is given, and `seq` and `createdAt`, which
 * the statement adds from the inserted row (see MESSAGE_NOTIFY_PAYLOAD).
 */
export interface MessageEventRow {
  authorKind: string;
  authorId: string | null;
  body: string;
  clientMessageId: string | null;
  ai: unknown;
  pageContext: unknown;
  seq?: number;
  createdAt?: string;
}

export type SupportEvent =
  | { kind: 'message'; conversationId: string; messageId: string; row?: MessageEventRow }
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

/**
 * PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more. A row whose event is longer than this here (a long
 * answer with its sources, a long message in a three-byte script) goes by id, and each replica loads it; the
 * statement checks the final payload again (MESSAGE_NOTIFY_PAYLOAD), since jsonb writes it a little longer.
 */
export const ROW_IN_NOTIFY_MAX_BYTES = 7000;

/**
 * A surrogate escape in JSON.stringify's output: it writes one only for half a pair, which PostgreSQL's jsonb
 * refuses (the API refuses such text; a text that slipped through still must not fail the statement that stores it).
 */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * A message's event, with its row when the row fits a notification: under ROW_IN_NOTIFY_MAX_BYTES, and only text
 * jsonb takes. Otherwise by id, and each replica loads it.
 */
export function messageEvent(conversationId: string, messageId: string, row: MessageEventRow): string {
  const withRow = encodeEvent({ kind: 'message', conversationId, messageId, row });
  return Buffer.byteLength(withRow) <= ROW_IN_NOTIFY_MAX_BYTES && !SURROGATE_ESCAPE.test(withRow)
    ? withRow
    : encodeEvent({ kind: 'message', conversationId, messageId });
}

/**
 * The notification of a message a statement inserts: its event (the parameter `event`, from messageEvent) with the
 * inserted row's seq and created_at added to the row it carries (an event without a row stays as it is). jsonb
 * writes the payload longer than JSON.stringify did (a space after each separator; numbers without exponents), so
 * a payload that would reach PostgreSQL's 8,000 bytes goes without its row: the statement never fails on it.
 */
export const MESSAGE_NOTIFY_PAYLOAD = (event: string, inserted: string) => {
  const withSeq = `jsonb_set(${event}::jsonb, '{row,seq}', to_jsonb(${inserted}.seq))`;
  const full = `jsonb_set(${withSeq}, '{row,createdAt}', to_jsonb(${inserted}.created_at))::text`;
  return `(SELECT CASE WHEN octet_length(n.p) < 8000 THEN n.p ELSE (${event}::jsonb - 'row')::text END
    FROM (SELECT ${full} AS p) n)`;
};

/** The event as logs may show it: a message's row (the customer's words) left out. */
export function loggable(e: SupportEvent): SupportEvent {
  if (e.kind !== 'message' || !e.row) return e;
  const { row: _row, ...ids } = e;
  return ids;
}

/** The row a message event carries, complete (the statement added seq and createdAt), else null. */
export function carriedRow(e: { row?: MessageEventRow }): Required<MessageEventRow> | null {
  const r = e.row;
  return r && typeof r.seq === 'number' && typeof r.createdAt === 'string' && typeof r.body === 'string'
    ? (r as Required<MessageEventRow>)
    : null;
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
