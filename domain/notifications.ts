/** What the console calls the kinds of agent notifications stored today (agent_notifications.kind). */
export const NOTIFICATION_KINDS = ['QUEUED', 'SLA_WARN', 'WIDENED', 'PAGED', 'ASSIGNED', 'OTHER'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A stored kind (QUEUED, a ladder step's action, ASSIGNED, KB_SUGGESTION_PENDING, …) as the console's kind. */
export function notificationKindOf(stored: string): NotificationKind {
  if (stored === 'QUEUED' || stored === 'ASSIGNED') return stored;
  if (stored === 'WARN') return 'SLA_WARN';
  if (stored.startsWith('WIDEN')) return 'WIDENED';
  if (stored.startsWith('PAGE')) return 'PAGED';
  return 'OTHER';
}

/** The audience tokens that reach an agent: their id, their tier, and ONCALL while on call. */
export function audienceTokensOf(agent: { id: string; tier: string; onCall: boolean }): string[] {
  return agent.onCall ? [agent.id, agent.tier, 'ONCALL'] : [agent.id, agent.tier];
}
