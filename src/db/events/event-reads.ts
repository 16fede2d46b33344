import type { DataSource, EntityManager } from 'typeorm';
import { type RecordedEvent, REPLAYED_EVENT_KINDS } from '../../../domain/backtest/replay';
import type { ConversationEventKind, StoredConversationEvent } from '../../../domain/events';
import { parseEventData } from '../../../domain/events.schema';
import { dataCorrupt } from '../json/parse';
import { eventFields, evaluationText, type FieldCheck, firedEvaluation } from './fields';

/** Every field of an event payload that SQL below reads, named once per kind (checked against domain/events.ts). */
const TURN = eventFields('turn_decided', ['seq', 'escalate', 'continuesPrevious', 'evaluations', 'confidence']);
const BILLING_EVENT = eventFields('billing_event', ['type']);
const SLA_STEP = eventFields('sla_step', ['action']);

/** The events after which a conversation waits in the queue (what a claim ends). */
const QUEUE_ENTRIES = [
  'escalated',
  'released',
  'claim_lease_expired',
  'transferred',
  'reopened',
] as const satisfies readonly ConversationEventKind[];
const kindList = (kinds: readonly ConversationEventKind[]) => kinds.map((k) => `'${k}'`).join(', ');

type Db = Pick<DataSource | EntityManager, 'query'>;

/** Conversations started in [from, to), optionally of one customer tier: what metrics and insights aggregate over. */
export interface ConversationWindow {
  from: string;
  to: string;
  tier?: string | null;
}
const WINDOW = `c.created_at >= $1 AND c.created_at < $2 AND ($3::text IS NULL OR c.tier = $3)`;
const windowParams = (w: ConversationWindow) => [w.from, w.to, w.tier ?? null];

interface Row {
  id: string;
  conversation_id: string;
  kind: string;
  data: unknown;
  created_at: Date;
}

/** A stored row through its kind's schemas: the typed event, or an error naming the event id. */
export function parseEventRow(row: Row): StoredConversationEvent {
  const parsed = parseEventData(row.kind, row.data);
  if (!parsed.ok) throw dataCorrupt(`conversation_events ${row.id} (${row.kind})`, parsed.problem);
  return {
    id: String(row.id),
    conversationId: row.conversation_id,
    kind: row.kind,
    data: parsed.data,
    createdAt: row.created_at,
  } as StoredConversationEvent;
}

/**
 * Every SQL read of `conversation_events` payloads, in one place. Whole payloads come back parsed by their kind's
 * schemas; aggregates that read fields in SQL name them through `eventFields` and first check, in the same scope,
 * that no row of those kinds would be misread: a malformed payload is an error with its event id, never a silent 0.
 */
export class ConversationEventReads {
  constructor(private readonly db: Db) {}

  /** The events of some conversations, in order (optionally only some kinds), each parsed. */
  async eventsOf(
    conversationIds: string[],
    kinds?: readonly ConversationEventKind[],
  ): Promise<StoredConversationEvent[]> {
    if (conversationIds.length === 0) return [];
    const rows: Row[] = await this.db.query(
      `SELECT id::text, conversation_id, kind, data, created_at FROM conversation_events
       WHERE conversation_id = ANY($1::uuid[]) AND ($2::text[] IS NULL OR kind = ANY($2::text[]))
       ORDER BY conversation_id, id`,
      [conversationIds, kinds ?? null],
    );
    return rows.map(parseEventRow);
  }

  /** What a policy backtest replays of some conversations: their decisions, escalations and reopenings, in order. */
  async replayedEvents(conversationIds: string[]): Promise<Map<string, RecordedEvent[]>> {
    const byConversation = new Map<string, RecordedEvent[]>(conversationIds.map((id) => [id, []]));
    for (const e of await this.eventsOf(conversationIds, REPLAYED_EVENT_KINDS)) {
      const at = e.createdAt.toISOString();
      const recorded: RecordedEvent | null =
        e.kind === 'turn_decided'
          ? { kind: e.kind, data: e.data, at }
          : e.kind === 'escalated'
            ? { kind: e.kind, data: e.data, at }
            : e.kind === 'reopened'
              ? { kind: e.kind, data: 'to' in e.data ? { to: e.data.to } : {}, at }
              : null;
      if (recorded) byConversation.get(e.conversationId)?.push(recorded);
    }
    return byConversation;
  }

  /**
   * Escalated conversations whose question the KB did not cover (LOW_CONFIDENCE fired on the turn that escalated;
   * a turn that asked for a person is left out), newest first: the question and, when the turn continued the
   * previous one, that previous question.
   */
  async uncoveredQuestions(
    w: ConversationWindow,
    limit: number,
  ): Promise<Array<{ id: string; question: string; previous: string | null }>> {
    await this.assertWellFormed(w, [TURN]);
    return this.db.query(
      `SELECT id, question, previous FROM (
         SELECT DISTINCT ON (c.id) c.id, c.created_at, m.body AS question, p.body AS previous
         FROM conversations c
         JOIN conversation_events d ON d.conversation_id = c.id AND ${TURN.isKind('d')} AND (${TURN.text('d', 'escalate')})::boolean
         JOIN messages m ON m.conversation_id = c.id AND m.seq = (${TURN.text('d', 'seq')})::int AND m.author_kind = 'CUSTOMER'
         LEFT JOIN LATERAL (
           SELECT x.body FROM messages x WHERE x.conversation_id = c.id AND x.author_kind = 'CUSTOMER' AND x.seq < m.seq
           ORDER BY x.seq DESC LIMIT 1
         ) p ON (${TURN.text('d', 'continuesPrevious')})::boolean
         WHERE ${WINDOW} AND c.escalated_at IS NOT NULL
           AND ${TURN.json('d', 'evaluations')} @> ${firedEvaluation('LOW_CONFIDENCE')}
           AND NOT ${TURN.json('d', 'evaluations')} @> ${firedEvaluation('EXPLICIT_REQUEST')}
         ORDER BY c.id, d.id
       ) q ORDER BY created_at DESC, id LIMIT $4`,
      [...windowParams(w), limit],
    );
  }

  /**
   * Per customer: conversations that escalated, were frustrated (a turn's frustration reached its threshold, or
   * escalated for it), had a billing dispute or a failed payment (Stripe's events, the billing context, or the
   * customer saying so: `paymentFailed` is the regular expression for that), and only customers with any of these.
   */
  async customerRisks(w: ConversationWindow, paymentFailed: string): Promise<CustomerRiskRow[]> {
    await this.assertWellFormed(w, [TURN, BILLING_EVENT]);
    const frustrationEv = (f: 'kind' | 'score' | 'threshold') => evaluationText('ev', f);
    return this.db.query(
      `SELECT * FROM (
         SELECT c.customer_id,
           count(*) FILTER (WHERE c.escalated_at IS NOT NULL)::int AS escalations,
           count(*) FILTER (WHERE c.escalation->>'reason' = 'FRUSTRATION' OR EXISTS (
             SELECT 1 FROM conversation_events d CROSS JOIN LATERAL jsonb_array_elements(${TURN.json('d', 'evaluations')}) ev
             WHERE d.conversation_id = c.id AND ${TURN.isKind('d')} AND jsonb_typeof(${TURN.json('d', 'evaluations')}) = 'array'
               AND ${frustrationEv('kind')} = 'FRUSTRATION'
               AND (${frustrationEv('score')})::float >= coalesce((${frustrationEv('threshold')})::float, 0.5)))::int AS frustrated,
           count(*) FILTER (WHERE c.escalation->>'reason' = 'FRUSTRATION')::int AS escalated_for_frustration,
           count(*) FILTER (WHERE c.escalation->>'category' = 'billing_dispute' OR EXISTS (
             SELECT 1 FROM conversation_events b WHERE b.conversation_id = c.id AND ${BILLING_EVENT.isKind('b')}
               AND ${BILLING_EVENT.text('b', 'type')} = 'charge.dispute.created'))::int AS disputes,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM conversation_events b WHERE b.conversation_id = c.id AND ${BILLING_EVENT.isKind('b')}
               AND ${BILLING_EVENT.text('b', 'type')} IN ('invoice.payment_failed', 'charge.failed')))::int AS stripe_failures,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.author_kind = 'CUSTOMER' AND m.body ~* $4))::int AS reported_failures,
           max(CASE WHEN jsonb_typeof(c.context->'billing'->'failedPayments') = 'array'
                    THEN jsonb_array_length(c.context->'billing'->'failedPayments') END)::int AS failed_payments,
           bool_or(c.context->'billing'->>'delinquent' = 'true') AS delinquent
         FROM conversations c WHERE ${WINDOW}
         GROUP BY c.customer_id
       ) a
       WHERE escalations >= 3 OR frustrated >= 2 OR disputes > 0 OR stripe_failures > 0 OR reported_failures > 0 OR failed_payments > 0 OR delinquent`,
      [...windowParams(w), paymentFailed],
    );
  }

  /** Every wait in the queue (from entering it to the claim that ended it), in seconds: median and 90th percentile. */
  async claimWaitSeconds(w: ConversationWindow): Promise<{ p50: number | null; p90: number | null }> {
    const [row] = await this.db.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY w) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY w) AS p90
       FROM (
         SELECT extract(epoch FROM k.created_at - q.created_at) AS w
         FROM conversations c
         JOIN conversation_events k ON k.conversation_id = c.id AND k.kind = 'claimed'
         CROSS JOIN LATERAL (
           SELECT e.created_at FROM conversation_events e
           WHERE e.conversation_id = c.id AND e.id < k.id AND e.kind IN (${kindList(QUEUE_ENTRIES)})
           ORDER BY e.id DESC LIMIT 1
         ) q
         WHERE ${WINDOW}
       ) waits`,
      windowParams(w),
    );
    return row;
  }

  /** How often each SLA ladder action fired. */
  async slaStepCounts(w: ConversationWindow): Promise<Array<{ action: string; count: number }>> {
    await this.assertWellFormed(w, [SLA_STEP]);
    return this.db.query(
      `SELECT ${SLA_STEP.text('e', 'action')} AS action, count(*)::int AS count FROM conversations c
       JOIN conversation_events e ON e.conversation_id = c.id AND ${SLA_STEP.isKind('e')}
       WHERE ${WINDOW} GROUP BY 1 ORDER BY 1`,
      windowParams(w),
    );
  }

  /** Reopenings (to the AI or to the queue). */
  async reopenCount(w: ConversationWindow): Promise<number> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS n FROM conversations c JOIN conversation_events e ON e.conversation_id = c.id AND e.kind = 'reopened' WHERE ${WINDOW}`,
      windowParams(w),
    );
    return row.n;
  }

  /** The customer's and agents' messages of some conversations, each customer turn with its decision's confidence. */
  async turnsWithConfidence(conversationIds: string[]): Promise<TurnWithConfidence[]> {
    if (conversationIds.length === 0) return [];
    await this.assertWellFormedIn(conversationIds, [TURN]);
    return this.db.query(
      `SELECT m.conversation_id AS "conversationId", m.seq, m.author_kind AS kind, m.body, (${TURN.text('d', 'confidence')})::float AS confidence
       FROM messages m
       LEFT JOIN conversation_events d ON d.conversation_id = m.conversation_id AND ${TURN.isKind('d')}
         AND (${TURN.text('d', 'seq')})::int = m.seq
       WHERE m.conversation_id = ANY($1::uuid[]) AND m.author_kind IN ('CUSTOMER', 'AGENT') ORDER BY m.conversation_id, m.seq`,
      [conversationIds],
    );
  }

  /** Fails with the first event (of the kinds these fields belong to) in the window that the SQL would misread. */
  private async assertWellFormed(w: ConversationWindow, sets: FieldCheck[]): Promise<void> {
    await this.firstMalformed(
      `JOIN conversations c ON c.id = e.conversation_id WHERE ${WINDOW}`,
      windowParams(w),
      sets,
    );
  }

  private async assertWellFormedIn(conversationIds: string[], sets: FieldCheck[]): Promise<void> {
    await this.firstMalformed('WHERE e.conversation_id = ANY($1::uuid[])', [conversationIds], sets);
  }

  private async firstMalformed(scope: string, params: unknown[], sets: FieldCheck[]): Promise<void> {
    const rows: Row[] = await this.db.query(
      `SELECT e.id::text, e.conversation_id, e.kind, e.data, e.created_at FROM conversation_events e ${scope}
       AND (${sets.map((s) => `(${s.isKind('e')} AND ${s.malformed('e')})`).join(' OR ')}) LIMIT 1`,
      params,
    );
    if (rows.length === 0) return;
    const row = rows[0];
    parseEventRow(row); // names what is wrong when the schemas reject it
    const fields = sets.find((s) => s.kind === row.kind)?.fields.map((f) => f.field) ?? [];
    throw dataCorrupt(`conversation_events ${row.id} (${row.kind})`, `lacks or mistypes one of ${fields.join(', ')}`);
  }
}

export interface CustomerRiskRow {
  customer_id: string;
  escalations: number;
  frustrated: number;
  escalated_for_frustration: number;
  disputes: number;
  stripe_failures: number;
  reported_failures: number;
  failed_payments: number | null;
  delinquent: boolean | null;
}

export interface TurnWithConfidence {
  conversationId: string;
  seq: number;
  kind: string;
  body: string;
  confidence: number | null;
}
