import type { PageContext } from '../../domain/conversation';
import { MESSAGE_NOTIFY_PAYLOAD } from '../events/channel';

/**
 * The statements that store a message, each one round trip (ConversationStore's persistMessage and
 * persistCustomerMessage; the AI turn's own statement is in ai-turn-sql.ts).
 */

/**
 * One customer, AI, agent or system message in one statement (parameters in ConversationStore.persistIn's order).
 * `prior` is the resend check: the row stored already under this clientMessageId, and whether it is answered. `conv`
 * bumps the conversation's sequence only when there is none (its row lock serialises numbering); `creating` inserts
 * the conversation row when the message is its first (xmax = 0: the row was inserted, not updated) and records
 * `conversation_started`. The NOTIFY rides on the inserted row, so a resend publishes nothing again, and carries it
 * (see messageEvent).
 */
const persistTail = (extra = '', flags = 'false AS parked, false AS due', priorFlags = 'false, false') => `
  ins AS (
    INSERT INTO messages (id, conversation_id, seq, author_kind, author_id, body, client_message_id, ai, page_context)
    SELECT $1::uuid, $2::uuid, conv.seq, $3::varchar, $4::varchar, $5::text, $6::varchar, $7::jsonb, $8::jsonb FROM conv
    RETURNING id, seq, created_at),${extra}
  ntf AS (SELECT pg_notify($9::text, ${MESSAGE_NOTIFY_PAYLOAD('$10', 'ins')}) FROM ins)
SELECT ins.id, ins.seq, ins.created_at, true AS created, false AS answered, ${flags} FROM ins, ntf
UNION ALL
SELECT prior.id, prior.seq, prior.created_at, false, prior.answered, ${priorFlags} FROM prior`;
const PERSIST_TAIL = persistTail();
/** `ownerOnly`: the row counts only in a conversation of the author's ($4), so a resend check reveals no one else's. */
const prior = (ownerOnly = false) => `
  prior AS (
    SELECT x.id, x.seq, x.created_at,
           EXISTS (SELECT 1 FROM messages a WHERE a.conversation_id = x.conversation_id
                   AND a.client_message_id IN ('ai-reply-' || x.id, 'system-ai-failed-' || x.id)) AS answered
    FROM messages x${ownerOnly ? ' JOIN conversations o ON o.id = x.conversation_id AND o.customer_id = $4::varchar' : ''}
    WHERE x.conversation_id = $2::uuid AND x.client_message_id = $6::varchar)`;
const PRIOR = prior();
export const PERSIST_MESSAGE_SQL = {
  existing: `WITH ${PRIOR},
  conv AS (
    UPDATE conversations c SET last_seq = c.last_seq + 1, updated_at = now()
    WHERE c.id = $2::uuid AND NOT EXISTS (SELECT 1 FROM prior) RETURNING c.last_seq AS seq),${PERSIST_TAIL}`,
  creating: `WITH ${PRIOR},
  conv AS (
    INSERT INTO conversations AS c (id, customer_id, status, channel, page_context, workflow_id, last_seq)
    SELECT $2::uuid, $11::varchar, 'AI_ACTIVE', $12::varchar, $13::jsonb, $14::text, 1 WHERE NOT EXISTS (SELECT 1 FROM prior)
    ON CONFLICT (id) DO UPDATE SET last_seq = c.last_seq + 1, updated_at = now()
    RETURNING c.last_seq AS seq, c.xmax = 0 AS inserted),
  started AS (
    INSERT INTO conversation_events (conversation_id, kind, data)
    SELECT $2::uuid, 'conversation_started', $15::jsonb FROM conv WHERE conv.inserted),${PERSIST_TAIL}`,
  /**
   * A customer message the API stores before telling the workflow: only into the customer's own conversation ($4,
   * the author) while it is not closed, with its outbox row (deleted once the workflow's signal is sent; see
   * MessageOutbox). No row: closed, missing or someone else's.
   * `parked`: the AI is due to answer an earlier message and reads the parked ones before it goes idle (see the
   * parked-messages migration), so this one needs no signal; its outbox row waits for the workflow to take it. `due`:
   * after this message the conversation is due (the AI will answer it): the signal tells the workflow to look for
   * parked messages once it has (a resend says whether it is due now: its first signal may never have arrived).
   * `lock` reads the row as the last writer left it (FOR UPDATE waits for take_parked_messages and sees what it
   * wrote), so a message is never parked just after the AI stopped being due.
   * `backlog`: how many of the conversation's messages were parked before this one (the AI has not answered them
   * yet), so the API can pace a flood (see MessageOutbox's pace); 0 for a message that is not parked or a resend.
   */
  fromApi: `WITH ${prior(true)},
  lock AS (SELECT c.id, c.ai_turn_due AND c.status = 'AI_ACTIVE' AS parked FROM conversations c WHERE c.id = $2::uuid FOR UPDATE),
  conv AS (
    UPDATE conversations c SET last_seq = c.last_seq + 1, updated_at = now(),
      ai_turn_due = c.ai_turn_due OR c.status = 'AI_ACTIVE'
    FROM lock
    WHERE c.id = lock.id AND c.customer_id = $4::varchar AND c.status <> 'CLOSED' AND NOT EXISTS (SELECT 1 FROM prior)
    RETURNING c.last_seq AS seq, lock.parked, c.ai_turn_due AS due),
  backlog AS (
    SELECT count(*)::int AS n FROM message_outbox o, conv WHERE conv.parked AND o.conversation_id = $2::uuid AND o.parked),${persistTail(
      `
  outbox AS (INSERT INTO message_outbox (message_id, conversation_id, parked) SELECT id, $2::uuid, conv.parked FROM ins, conv),`,
      '(SELECT parked FROM conv), (SELECT due FROM conv), (SELECT n FROM backlog) AS backlog',
      `false, (SELECT c.ai_turn_due FROM conversations c WHERE c.id = $2::uuid), 0`,
    )}`,
};

/** A customer message the workflow takes from the store instead of a signal (see takeParkedMessages). */
export interface ParkedMessage {
  messageId: string;
  seq: number;
  body: string;
  clientMessageId: string;
  pageContext?: PageContext;
}

/**
 * The parked messages of conversation $1 after seq $2 (what the workflow holds), in order; a retry returns them again
 * (see the parked-messages and parked-take-retryable migrations).
 */
export const TAKE_PARKED_SQL = 'SELECT * FROM take_parked_messages($1::uuid, $2::integer)';

export function parkedFrom(r: {
  message_id: string;
  seq: number;
  body: string;
  client_message_id: string;
  page_context: PageContext | null;
}): ParkedMessage {
  return {
    messageId: r.message_id,
    seq: r.seq,
    body: r.body,
    clientMessageId: r.client_message_id,
    ...(r.page_context && { pageContext: r.page_context }),
  };
}
