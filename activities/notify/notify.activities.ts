import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { encodeEvent, EVENTS_CHANNEL } from '../../src/events/channel';
import type { AgentNotification, ReviewDigest } from '../../src/integrations/notification';
import { swallowedErrors } from '../../src/observability/metrics';

export type { AgentNotification } from '../../src/integrations/notification';

/** Where agent notifications go. The in-app sink is always on; Slack and others plug in beside it. */
export interface NotificationSink {
  readonly name: string;
  deliver(n: AgentNotification): Promise<void>;
  /** Team reports such as the weekly review digest; a sink without a place for them leaves this out. */
  deliverDigest?(d: ReviewDigest): Promise<void>;
}

/** Persisted, and delivered over agentQueueChanged and notificationAdded through the NOTIFY path of queue changes. */
export class InAppSink implements NotificationSink {
  readonly name = 'in_app';
  constructor(private readonly ds: Pick<DataSource, 'transaction' | 'query'>) {}

  async deliver(n: AgentNotification): Promise<void> {
    await this.ds.transaction(async (m) => {
      const rows: unknown[] = await m.query(
        `INSERT INTO agent_notifications (conversation_id, kind, audience, message, sink, dedupe_key)
         VALUES ($1, $2, $3, $4, 'in_app', $5) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
        [n.conversationId, n.kind, n.audience, n.message, n.dedupeKey],
      );
      if (rows.length === 0) return; // delivered by an earlier attempt
      await m.query('SELECT pg_notify($1, $2)', [
        EVENTS_CHANNEL,
        encodeEvent({ kind: 'queue', conversationId: n.conversationId, change: n.kind }),
      ]);
      await m.query('SELECT pg_notify($1, $2)', [
        EVENTS_CHANNEL,
        encodeEvent({ kind: 'notification', notificationId: String((rows[0] as { id: string }).id) }),
      ]);
    });
  }

  /** Kept for the console (`reviewDigests`); a retried delivery of the same run stores it once. */
  async deliverDigest(d: ReviewDigest): Promise<void> {
    await this.ds.query(
      `INSERT INTO review_digests (kind, title, sections, dedupe_key) VALUES ($1, $2, $3, $4) ON CONFLICT (dedupe_key) DO NOTHING`,
      [d.kind, d.title, JSON.stringify(d.sections), d.dedupeKey],
    );
  }
}

export function createNotifyActivities(sinks: NotificationSink[]) {
  return {
    /** Fans a notification out to every sink; one failing sink never blocks the conversation or the others. */
    async notifyAgents(n: AgentNotification): Promise<{ delivered: string[]; failed: string[] }> {
      const results = await Promise.allSettled(sinks.map((s) => s.deliver(n)));
      const failed = sinks.filter((_, i) => results[i].status === 'rejected').map((s) => s.name);
      for (const [i, r] of results.entries()) {
        if (r.status !== 'rejected') continue;
        swallowedErrors.inc({ where: `notify_agents.${sinks[i].name}` });
        log.warn('notification sink failed', {
          sink: sinks[i].name,
          conversationId: n.conversationId,
          kind: n.kind,
          error: String(r.reason),
        });
      }
      return { delivered: sinks.filter((_, i) => results[i].status === 'fulfilled').map((s) => s.name), failed };
    },
  };
}
