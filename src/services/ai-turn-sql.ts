import {
  encodeEvent,
  EVENTS_CHANNEL,
  MESSAGE_NOTIFY_PAYLOAD,
  messageEvent,
  type MessageEventRow,
} from '../events/channel';
import { assignedBy } from './assignment-notifications';
import type { ConversationStateChange, PersistedMessage, PersistMessageInput } from './conversation-store';

/** A message row's written values after its id and conversation, as the messages table and its events hold them. */
function messageRow(m: PersistMessageInput): MessageEventRow {
  return {
    authorKind: m.authorKind,
    authorId: m.authorId ?? null,
    body: m.body,
    clientMessageId: m.clientMessageId,
    ai: m.ai ?? null,
    pageContext: m.pageContext && Object.keys(m.pageContext).length ? m.pageContext : null,
  };
}

/**
 * The same in the messages table's column order (author_kind, author_id, body, client_message_id, ai,
 * page_context): one definition for both statements that store a message.
 */
export function messageValues(m: PersistMessageInput): unknown[] {
  const r = messageRow(m);
  return [
    r.authorKind,
    r.authorId,
    r.body,
    r.clientMessageId,
    r.ai ? JSON.stringify(r.ai) : null,
    r.pageContext ? JSON.stringify(r.pageContext) : null,
  ];
}

/**
 * The event of a message a statement stores (its notification's payload parameter): with the row as messageValues
 * writes it, so every replica publishes it without reading it back.
 */
export function messageEventFor(conversationId: string, messageId: string, m: PersistMessageInput): string {
  return messageEvent(conversationId, messageId, messageRow(m));
}

/** What a message statement returns, as the store answers it. */
export interface StoredMessageRow {
  id: string;
  seq: number;
  created_at: Date;
  created: boolean;
  answered: boolean;
}

export function persistedFrom(row: StoredMessageRow): PersistedMessage {
  return {
    messageId: row.id,
    seq: row.seq,
    createdAt: row.created_at.toISOString(),
    created: row.created,
    answered: row.answered,
  };
}

/** Column and how its value is written, for the optional fields of a state change. */
const CHANGE_COLUMNS: Array<[keyof ConversationStateChange, string, (v: unknown) => unknown]> = [
  ['status', 'status', (v) => v],
  ['tier', 'tier', (v) => v],
  ['customerId', 'customer_id', (v) => v],
  ['context', 'context', (v) => (v === null ? null : JSON.stringify(v))],
  ['escalation', 'escalation', (v) => (v === null ? null : JSON.stringify(v))],
  ['sla', 'sla', (v) => (v === null ? null : JSON.stringify(v))],
  ['assigneeId', 'assignee_id', (v) => v],
  ['queuePool', 'queue_pool', (v) => v],
  ['slaDeadline', 'sla_deadline', (v) => v],
  ['preferredAgentId', 'preferred_agent_id', (v) => v],
  ['priority', 'priority', (v) => v],
];

/**
 * The conversation columns a state change sets, as [column, SQL expression]; its values are appended to `params`
 * and referenced by position. updated_at is the caller's.
 */
export function changeSets(change: ConversationStateChange, params: unknown[]): Array<[string, string]> {
  const sets: Array<[string, string]> = [];
  for (const [field, column, encode] of CHANGE_COLUMNS) {
    if (change[field] === undefined) continue;
    params.push(encode(change[field]));
    sets.push([column, `$${params.length}`]);
  }
  if (change.status === 'AWAITING_AGENT') sets.push(['escalated_at', 'COALESCE(escalated_at, now())']);
  if (change.status === 'AGENT_ACTIVE') sets.push(['claimed_at', 'COALESCE(claimed_at, now())']);
  // Open again (a reopen): resolvedBy is null while a conversation is open; the audit trail keeps the history.
  if (change.status && !['RESOLVED', 'CLOSED'].includes(change.status)) {
    sets.push(['resolved_by', 'NULL']);
    sets.push(['resolved_at', 'NULL']);
  }
  return sets;
}

/** One AI turn to store: the decision and, when the AI keeps the conversation, its reply. */
export interface AiTurnRecord {
  decision: ConversationStateChange;
  reply: PersistMessageInput | null;
}

/**
 * Whether aiTurnStatement covers the turn. It does not cover an assignment event (its notification names the actor)
 * or a reply that creates its conversation or goes to another one: those take recordConversationState's and
 * persistMessage's own statements, in one transaction.
 */
export function fitsOneStatement({ decision, reply }: AiTurnRecord): boolean {
  return (
    !(decision.event && assignedBy(decision.event)) &&
    (!reply || (!reply.conversation && reply.conversationId === decision.conversationId))
  );
}

/**
 * An AI turn (the decision's state change and audit event, and the reply if the AI keeps the conversation) as ONE
 * statement, with the effects of recordConversationState followed by persistMessage in one transaction:
 * - `ev` inserts the audit event once per dedupe key; when an earlier attempt stored it (`applies` false) the
 *   decision's update and its NOTIFYs are skipped, as recordConversationState skips them;
 * - `prior` is the reply's resend check (its clientMessageId), as in persistMessage;
 * - `conv` is the ONE update of the conversation row (a statement cannot update a row twice): the decision's columns
 *   when it applies, and the sequence bump when the reply is new (its row lock serialises numbering);
 * - `ntf` publishes conversation, queue and message events in that order (a CASE runs pg_notify only when due), and is
 *   the main query's outer side, so it runs even when no reply is written.
 * A reply to a conversation that has no row fails the statement (so nothing is written), as it rolled back before.
 * Without a reply it is a state change alone, as recordConversationState writes the ones it covers; its row says
 * whether the change applied (`applies`: false when an earlier attempt had recorded it).
 */
export function aiTurnStatement(
  decision: ConversationStateChange,
  reply: (PersistMessageInput & { conversationId: string }) | null,
  messageId: string,
): { sql: string; params: unknown[] } {
  const id = decision.conversationId;
  const event = decision.event;
  const params: unknown[] = [
    id,
    EVENTS_CHANNEL,
    encodeEvent({ kind: 'conversation', conversationId: id }),
    decision.queueChanged ? encodeEvent({ kind: 'queue', conversationId: id, change: event?.kind ?? 'updated' }) : null,
  ];
  const ctes: string[] = [];
  if (event) {
    params.push(event.kind, JSON.stringify(event.data), event.dedupeKey ?? null);
    ctes.push(`ev AS (
    INSERT INTO conversation_events (conversation_id, kind, data, dedupe_key) VALUES ($1::uuid, $5::varchar, $6::jsonb, $7::text)
    ON CONFLICT (conversation_id, dedupe_key) DO NOTHING RETURNING id)`);
    ctes.push('d AS (SELECT EXISTS (SELECT 1 FROM ev) AS applies)');
  } else ctes.push('d AS (SELECT true AS applies)');
  const sets = changeSets(decision, params).map(([col, expr]) =>
    event ? `${col} = CASE WHEN d.applies THEN ${expr} ELSE c.${col} END` : `${col} = ${expr}`,
  );
  sets.push('updated_at = now()');
  if (!reply) {
    ctes.push(
      `conv AS (UPDATE conversations c SET ${sets.join(', ')} FROM d WHERE c.id = $1::uuid AND d.applies RETURNING c.id)`,
    );
    ctes.push(`ntf AS (
    SELECT CASE WHEN d.applies THEN pg_notify($2::text, $3::text) END AS conversation,
           CASE WHEN d.applies AND $4::text IS NOT NULL THEN pg_notify($2::text, $4::text) END AS queue
    FROM d)`);
    return { sql: `WITH ${ctes.join(',\n  ')}\nSELECT NULL AS id, d.applies FROM ntf, d`, params };
  }
  const r = params.length;
  params.push(messageId, ...messageValues(reply), messageEventFor(id, messageId, reply));
  const p = (k: number) => `$${r + k}`;
  ctes.push(`prior AS (
    SELECT x.id, x.seq, x.created_at,
           EXISTS (SELECT 1 FROM messages a WHERE a.conversation_id = x.conversation_id
                   AND a.client_message_id IN ('ai-reply-' || x.id, 'system-ai-failed-' || x.id)) AS answered
    FROM messages x WHERE x.conversation_id = $1::uuid AND x.client_message_id = ${p(5)}::varchar)`);
  sets.push('last_seq = c.last_seq + CASE WHEN EXISTS (SELECT 1 FROM prior) THEN 0 ELSE 1 END');
  ctes.push(`conv AS (
    UPDATE conversations c SET ${sets.join(', ')} FROM d
    WHERE c.id = $1::uuid AND (d.applies OR NOT EXISTS (SELECT 1 FROM prior)) RETURNING c.last_seq AS seq)`);
  ctes.push(`ins AS (
    INSERT INTO messages (id, conversation_id, seq, author_kind, author_id, body, client_message_id, ai, page_context)
    SELECT ${p(1)}::uuid, $1::uuid, conv.seq, ${p(2)}::varchar, ${p(3)}::varchar, ${p(4)}::text, ${p(5)}::varchar,
           ${p(6)}::jsonb, ${p(7)}::jsonb
    FROM conv WHERE NOT EXISTS (SELECT 1 FROM prior)
    RETURNING id, seq, created_at)`);
  ctes.push(`ntf AS (
    SELECT CASE WHEN d.applies THEN pg_notify($2::text, $3::text) END AS conversation,
           CASE WHEN d.applies AND $4::text IS NOT NULL THEN pg_notify($2::text, $4::text) END AS queue,
           (SELECT pg_notify($2::text, ${MESSAGE_NOTIFY_PAYLOAD(p(8), 'ins')}) FROM ins) AS message
    FROM d)`);
  const sql = `WITH ${ctes.join(',\n  ')}
SELECT m.id, m.seq, m.created_at, m.created, m.answered,
       CASE WHEN m.id IS NULL THEN COALESCE(m.id::text, 'conversation ' || $1::text || ' does not exist')::int END AS missing
FROM ntf LEFT JOIN (
  SELECT ins.id, ins.seq, ins.created_at, true AS created, false AS answered FROM ins
  UNION ALL
  SELECT prior.id, prior.seq, prior.created_at, false, prior.answered FROM prior) m ON true`;
  return { sql, params };
}
