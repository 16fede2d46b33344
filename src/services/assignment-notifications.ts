import type { EntityManager } from 'typeorm';
import type { ConversationEvent } from '../../domain/events';
import { encodeEvent, EVENTS_CHANNEL } from '../events/channel';

/** How an agent became the assignee: "Assigned to you: <how> [by <actor>]", or "Assigned to you automatically". */
interface Assignment {
  agentId: string;
  actorId: string | null;
  how: string;
  /** The policy's auto-assignment chose them. */
  auto?: boolean;
}

/** The agent a recorded event makes the assignee (claim, auto-assignment, transfer to a named agent, takeover, reassignment). */
export function assignedBy(event: ConversationEvent): Assignment | null {
  switch (event.kind) {
    case 'claimed':
      return event.data.auto
        ? { agentId: event.data.agentId, actorId: null, how: 'auto-assigned', auto: true }
        : { agentId: event.data.agentId, actorId: null, how: 'claimed' };
    case 'transferred':
      return 'toAgentId' in event.data
        ? { agentId: event.data.toAgentId, actorId: event.data.from, how: `transferred (${event.data.reason})` }
        : null;
    case 'taken_over':
      return { agentId: event.data.by, actorId: null, how: 'taken over' };
    case 'reassigned':
      return { agentId: event.data.toAgentId, actorId: event.data.by, how: 'reassigned' };
    default:
      return null;
  }
}

/**
 * "Assigned to you": an in-app notification for the new assignee, written in the transaction that records the
 * assignment (so it exists exactly when the assignment does, once per recorded event) and published to
 * notificationAdded.
 */
export async function notifyAssignee(
  m: EntityManager,
  conversationId: string,
  event: ConversationEvent & { dedupeKey?: string },
): Promise<void> {
  const a = assignedBy(event);
  if (!a || !event.dedupeKey) return;
  const names: Array<{ id: string; name: string }> = a.actorId
    ? await m.query('SELECT id, name FROM agents WHERE id = $1', [a.actorId])
    : [];
  const by = a.actorId ? ` by ${names[0]?.name ?? a.actorId}` : '';
  const message = a.auto ? 'Assigned to you automatically' : `Assigned to you: ${a.how}${by}`;
  const rows: Array<{ id: string }> = await m.query(
    `INSERT INTO agent_notifications (conversation_id, kind, audience, message, sink, dedupe_key)
     VALUES ($1, 'ASSIGNED', $2, $3, 'in_app', $4) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [conversationId, [a.agentId], message, `assigned-${conversationId}-${event.dedupeKey}`],
  );
  if (rows.length > 0)
    await m.query('SELECT pg_notify($1, $2)', [
      EVENTS_CHANNEL,
      encodeEvent({ kind: 'notification', notificationId: String(rows[0].id) }),
    ]);
}
