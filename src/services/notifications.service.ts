import type { DataSource } from 'typeorm';
import { audienceTokensOf, notificationKindOf, type NotificationKind } from '../../domain/notifications';
import type { Principal } from '../auth/jwt';
import { AgentEntity } from '../db/entities';
import { badInput, forbidden } from '../errors';
import { decodeCursor, type Page, pageOf, pageSize } from './pagination';

/** A stored notification as the console sees it (read state per agent, when read for one). */
export interface AgentNotificationRow {
  id: string;
  kind: NotificationKind;
  conversationId: string | null;
  message: string;
  audience: string[];
  createdAt: Date;
  readAt: Date | null;
}

type Row = {
  id: string;
  conversation_id: string | null;
  kind: string;
  audience: string[];
  message: string;
  created_at: Date;
  read_at?: Date | null;
};
const toRow = (r: Row): AgentNotificationRow => ({
  id: String(r.id),
  kind: notificationKindOf(r.kind),
  conversationId: r.conversation_id,
  message: r.message,
  audience: r.audience,
  createdAt: r.created_at,
  readAt: r.read_at ?? null,
});
const MAX_IDS = 500;

/** An agent's in-app notifications: those whose audience names them, their tier, or ONCALL while on call. */
export class NotificationsService {
  constructor(private readonly ds: DataSource) {}

  async agentOf(principal: Principal): Promise<AgentEntity> {
    if (principal.role !== 'agent') throw forbidden('notifications are for agents');
    const agent = await this.ds.getRepository(AgentEntity).findOneBy({ id: principal.sub });
    if (!agent) throw forbidden('this token names no known agent');
    return agent;
  }

  static reaches(agent: AgentEntity, n: Pick<AgentNotificationRow, 'audience'>): boolean {
    const tokens = audienceTokensOf(agent);
    return n.audience.some((a) => tokens.includes(a));
  }

  /**
   * Whether a notification goes live to this agent now: nothing while they are OFFLINE or disabled, and no offer of a waiting
   * conversation (queued, SLA warning, widened, paged) while they are at their capacity. What is addressed to them
   * by id (an assignment) reaches them whenever they are not offline. The list keeps every notification either way.
   */
  async deliversLive(agentId: string, n: Pick<AgentNotificationRow, 'kind' | 'audience'>): Promise<boolean> {
    const rows: Array<{ status: string; disabled: boolean; capacity: number | null; open: number }> =
      await this.ds.query(
        `SELECT a.status, a.disabled_at IS NOT NULL AS disabled, a.capacity,
              (SELECT count(*)::int FROM conversations c WHERE c.assignee_id = a.id AND c.status = 'AGENT_ACTIVE') AS open
         FROM agents a WHERE a.id = $1`,
        [agentId],
      );
    const a = rows[0];
    if (!a || a.status === 'OFFLINE' || a.disabled) return false;
    if (n.kind === 'ASSIGNED' || n.audience.includes(agentId)) return true;
    return a.capacity === null || a.open < a.capacity;
  }

  /** Newest first. */
  async list(
    principal: Principal,
    first?: number | null,
    after?: string | null,
    unreadOnly?: boolean | null,
  ): Promise<Page<AgentNotificationRow> & { unreadCount: number }> {
    const agent = await this.agentOf(principal);
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 1);
    const before = cursor ? Number(cursor[0]) : null;
    if (before !== null && !Number.isSafeInteger(before))
      throw badInput('after is not a cursor this connection issued');
    const rows: Row[] = await this.ds.query(
      `SELECT n.id, n.conversation_id, n.kind, n.audience, n.message, n.created_at, r.read_at
         FROM agent_notifications n
         LEFT JOIN agent_notification_reads r ON r.notification_id = n.id AND r.agent_id = $1
        WHERE n.sink = 'in_app' AND n.audience && $2::text[]
          AND ($3::bigint IS NULL OR n.id < $3) AND (NOT $4 OR r.read_at IS NULL)
        ORDER BY n.id DESC LIMIT $5`,
      [agent.id, audienceTokensOf(agent), before, unreadOnly === true, limit + 1],
    );
    return {
      ...pageOf(rows.map(toRow), limit, (n) => [Number(n.id)], cursor !== null),
      unreadCount: await this.unreadCount(agent),
    };
  }

  /** Marks the given notifications (or all that reach the agent) read; answers how many are left unread. */
  async markRead(principal: Principal, ids: string[] | null | undefined, all: boolean | null | undefined) {
    const agent = await this.agentOf(principal);
    if (!all && !ids?.length) throw badInput('name the notifications (ids) or pass all: true');
    if (all && ids?.length) throw badInput('pass either ids or all, not both');
    if (ids && ids.length > MAX_IDS) throw badInput(`at most ${MAX_IDS} ids at once`);
    if (ids?.some((id) => !/^\d{1,18}$/.test(id))) throw badInput('ids must be notification ids');
    // Only notifications that reach this agent are marked; unknown ids change nothing (a retry is harmless).
    await this.ds.query(
      `INSERT INTO agent_notification_reads (notification_id, agent_id)
       SELECT n.id, $1 FROM agent_notifications n
        WHERE n.sink = 'in_app' AND n.audience && $2::text[] AND ($3::bigint[] IS NULL OR n.id = ANY($3::bigint[]))
       ON CONFLICT DO NOTHING`,
      [agent.id, audienceTokensOf(agent), all ? null : ids],
    );
    return this.unreadCount(agent);
  }

  async byId(id: string): Promise<AgentNotificationRow | null> {
    const rows: Row[] = await this.ds.query(
      `SELECT id, conversation_id, kind, audience, message, created_at FROM agent_notifications
        WHERE id = $1 AND sink = 'in_app'`,
      [id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  private async unreadCount(agent: AgentEntity): Promise<number> {
    const [r]: Array<{ n: string }> = await this.ds.query(
      `SELECT count(*) AS n FROM agent_notifications n
        WHERE n.sink = 'in_app' AND n.audience && $2::text[]
          AND NOT EXISTS (SELECT 1 FROM agent_notification_reads r WHERE r.notification_id = n.id AND r.agent_id = $1)`,
      [agent.id, audienceTokensOf(agent)],
    );
    return Number(r.n);
  }
}
