import type { Pool as PgPool } from 'pg';
import type { temporal } from '@temporalio/proto';
import type { DrivenConversation } from './load';
import type { ConversationHistories } from './histories';

type Event = temporal.api.history.v1.IHistoryEvent;

/** What one scenario proved, per the table's columns: the acknowledged messages, the AI turns, the claims, the ladder. */
export interface Verdict {
  sent: number;
  acknowledged: number;
  stored: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  aiTurns: number;
  aiTurnsUnanswered: number;
  aiTurnsAnsweredTwice: number;
  claims: number;
  claimsLost: number;
  claimsTwice: number;
  ladderStepsDue: number;
  ladderStepsFired: number;
  ladderStepsFiredTwice: number;
  /** The first few failures of the checks above, named (conversation, seq, what was seen), for the diagnosis. */
  examples: string[];
}

interface Row {
  id: string;
  conversation_id: string;
  client_message_id: string | null;
  seq: number;
  author_kind: string;
}

/** The decoded input of an activity scheduled in a history (JSON payloads, the default converter's encoding). */
export function activityInput(e: Event): { name: string; input: Record<string, unknown> } | null {
  const a = e.activityTaskScheduledEventAttributes;
  if (!a) return null;
  const p = a.input?.payloads?.[0];
  const input = p?.data ? (JSON.parse(Buffer.from(p.data).toString('utf8')) as Record<string, unknown>) : {};
  return { name: a.activityType?.name ?? '', input };
}

/**
 * The activity type of a local activity's marker (the local AI answers in one, inside the workflow task), or null.
 * Its input is not in the history, only Core's record of the call.
 */
export function localActivityType(e: Event): string | null {
  const m = e.markerRecordedEventAttributes;
  if (m?.markerName !== 'core_local_activity') return null;
  const p = m.details?.data?.payloads?.[0];
  if (!p?.data) return null;
  return String((JSON.parse(Buffer.from(p.data).toString('utf8')) as { activity_type?: string }).activity_type ?? '');
}

/**
 * Acknowledged messages: each stored exactly once, under the seq it was acknowledged with, in the order it was sent
 * (PostgreSQL). AI turns: every customer message the AI had to handle got one reply or one hand-off notice (PostgreSQL)
 * and one model call (the histories). Claims: the conversation is the claimer's, claimed once. Ladder: every step
 * due while a conversation waited fired once: one `sla_step` event and one notification scheduled.
 */
export async function verify(
  pg: PgPool,
  convs: DrivenConversation[],
  histories: ConversationHistories,
  checkedAt: number,
): Promise<Verdict> {
  const v: Verdict = {
    sent: 0,
    acknowledged: 0,
    stored: 0,
    lost: 0,
    duplicated: 0,
    outOfOrder: 0,
    aiTurns: 0,
    aiTurnsUnanswered: 0,
    aiTurnsAnsweredTwice: 0,
    claims: 0,
    claimsLost: 0,
    claimsTwice: 0,
    ladderStepsDue: 0,
    ladderStepsFired: 0,
    ladderStepsFiredTwice: 0,
    examples: [],
  };
  const ids = convs.map((c) => c.id);
  const rows = (
    await pg.query(
      `SELECT id, conversation_id, client_message_id, seq, author_kind FROM messages
       WHERE conversation_id = ANY($1::uuid[]) ORDER BY conversation_id, seq`,
      [ids],
    )
  ).rows as Row[];
  const byConv = new Map<string, Row[]>(ids.map((id) => [id, []]));
  for (const r of rows) byConv.get(r.conversation_id)!.push(r);

  for (const c of convs) {
    const mine = byConv.get(c.id)!;
    v.sent += c.sent.length;
    v.acknowledged += c.acked.length;
    let prev = 0;
    for (const m of c.acked) {
      const stored = mine.filter((r) => r.author_kind === 'CUSTOMER' && r.client_message_id === m.clientMessageId);
      if (stored.length === 0) v.lost++;
      else v.stored++;
      if (stored.length > 1) v.duplicated += stored.length - 1;
      if (stored.length > 0 && (stored[0].seq !== m.seq || m.seq <= prev)) v.outOfOrder++;
      if (stored.length !== 1 || stored[0].seq !== m.seq || m.seq <= prev)
        example(v, `message ${c.id} #${m.seq}: stored ${stored.length} time(s) at seq ${stored.map((r) => r.seq)}`);
      prev = m.seq;
    }
    turns(v, mine, histories.of(c.id));
  }
  await claims(
    v,
    pg,
    convs.filter((c) => c.kind === 'claimed'),
  );
  await ladder(
    v,
    pg,
    convs.filter((c) => c.kind === 'waiting'),
    histories,
    checkedAt,
  );
  return v;
}

/**
 * Until the conversation is handed to people, each customer message gets one answer; after, none from the AI. The
 * hand-off happens at the message whose turn decided it (its notice, `system-escalated-<message id>`, answers it),
 * not where the notice lands: messages the customer sent while the escalation was being written are the people's.
 * (Counted from the notice's row, such a message showed up as an AI turn left unanswered, in postgres-refusing.)
 */
function turns(v: Verdict, mine: Row[], events: Event[]): void {
  const replies = new Map<string, number>();
  for (const r of mine) {
    const m = /^(?:ai-reply|system-escalated)-(.+)$/.exec(r.client_message_id ?? '');
    if (m && r.author_kind !== 'CUSTOMER') replies.set(m[1], (replies.get(m[1]) ?? 0) + 1);
  }
  const modelCalls = new Map<number, number>();
  // Calls of the local AI, inside workflow tasks: a call answers one message or a burst of them, never none.
  let localModelCalls = 0;
  for (const e of events) {
    const local = localActivityType(e);
    if (local === 'generateAiReply' || local === 'generateAiReplies') localModelCalls++;
    const a = activityInput(e);
    if (a?.name !== 'generateAiReply') continue;
    const seq = Number(a.input.messageSeq);
    modelCalls.set(seq, (modelCalls.get(seq) ?? 0) + 1);
  }
  const seqOf = new Map(mine.filter((r) => r.author_kind === 'CUSTOMER').map((r) => [r.id, r.seq]));
  let handedOffAfter = Infinity;
  let aiTurnsHere = 0;
  for (const r of mine) {
    const m = /^system-escalated-(.+)$/.exec(r.client_message_id ?? '');
    if (m && r.author_kind === 'SYSTEM') handedOffAfter = Math.min(handedOffAfter, seqOf.get(m[1]) ?? r.seq);
  }
  for (const r of mine) {
    if (r.author_kind !== 'CUSTOMER') continue;
    const n = replies.get(r.id) ?? 0;
    if (r.seq > handedOffAfter) {
      if (n > 0) {
        v.aiTurnsAnsweredTwice++;
        example(v, `turn ${r.conversation_id} #${r.seq}: answered after the hand-off at #${handedOffAfter}`);
      }
      continue;
    }
    v.aiTurns++;
    aiTurnsHere++;
    if (n === 0) v.aiTurnsUnanswered++;
    if (n > 1 || (modelCalls.get(r.seq) ?? 0) > 1) v.aiTurnsAnsweredTwice++;
    if (n !== 1 || (modelCalls.get(r.seq) ?? 0) > 1) {
      const later = mine.filter((x) => x.seq > r.seq && x.author_kind !== 'CUSTOMER').slice(0, 2);
      example(
        v,
        `turn ${r.conversation_id} #${r.seq}: ${n} answer(s), ${modelCalls.get(r.seq) ?? 0} model call(s); next: ` +
          later.map((x) => `#${x.seq} ${x.author_kind} ${x.client_message_id}`).join(', '),
      );
    }
  }
  // More calls of the local AI than turns it had: a turn was put to it twice.
  if (localModelCalls > aiTurnsHere) {
    v.aiTurnsAnsweredTwice++;
    example(v, `conversation ${mine[0]?.conversation_id}: ${localModelCalls} local AI calls for ${aiTurnsHere} turns`);
  }
}

function example(v: Verdict, what: string): void {
  if (v.examples.length < 8) v.examples.push(what);
}

async function claims(v: Verdict, pg: PgPool, claimed: DrivenConversation[]): Promise<void> {
  const acked = claimed.filter((c) => c.claimedBy);
  v.claims = acked.length;
  if (acked.length === 0) return;
  const r = await pg.query(
    `SELECT c.id, c.assignee_id, (SELECT count(*)::int FROM conversation_events e
       WHERE e.conversation_id = c.id AND e.kind = 'claimed') AS claimed
     FROM conversations c WHERE c.id = ANY($1::uuid[])`,
    [acked.map((c) => c.id)],
  );
  const rows = new Map(r.rows.map((x: { id: string; assignee_id: string | null; claimed: number }) => [x.id, x]));
  for (const c of acked) {
    const row = rows.get(c.id);
    if (!row || row.assignee_id !== c.claimedBy || row.claimed === 0) v.claimsLost++;
    else if (row.claimed > 1) v.claimsTwice++;
    if (!row || row.assignee_id !== c.claimedBy || row.claimed !== 1)
      example(
        v,
        `claim ${c.id} by ${c.claimedBy}: assignee ${row?.assignee_id}, ${row?.claimed ?? 0} claimed event(s)`,
      );
  }
}

interface SlaStep {
  action: string;
  dueAt: number;
  firedAt: number | null;
}

async function ladder(
  v: Verdict,
  pg: PgPool,
  waiting: DrivenConversation[],
  histories: ConversationHistories,
  checkedAt: number,
): Promise<void> {
  if (waiting.length === 0) return;
  const r = await pg.query(
    `SELECT c.id, c.sla, coalesce(json_agg(e.dedupe_key) FILTER (WHERE e.kind = 'sla_step'), '[]') AS fired
     FROM conversations c LEFT JOIN conversation_events e ON e.conversation_id = c.id
     WHERE c.id = ANY($1::uuid[]) GROUP BY c.id, c.sla`,
    [waiting.map((c) => c.id)],
  );
  for (const row of r.rows as Array<{ id: string; sla: { cycle: number; steps: SlaStep[] } | null; fired: string[] }>) {
    if (!row.sla) continue;
    const notified = new Map<string, number>();
    for (const e of histories.of(row.id)) {
      const a = activityInput(e);
      if (a?.name === 'notifyAgents' && typeof a.input.dedupeKey === 'string') {
        notified.set(a.input.dedupeKey, (notified.get(a.input.dedupeKey) ?? 0) + 1);
      }
    }
    for (const step of row.sla.steps) {
      if (step.dueAt > checkedAt) continue;
      v.ladderStepsDue++;
      const events = row.fired.filter((k) => k === `sla-${row.sla!.cycle}-${step.action}`).length;
      const notes = notified.get(`sla-${row.id}-${row.sla.cycle}-${step.action}`) ?? 0;
      if (events >= 1 && notes >= 1) v.ladderStepsFired++;
      if (events > 1 || notes > 1) v.ladderStepsFiredTwice++;
      if (events !== 1 || notes !== 1)
        example(v, `ladder ${row.id} ${step.action}: ${events} event(s), ${notes} notice(s)`);
    }
  }
}
