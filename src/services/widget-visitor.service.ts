import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { signToken } from '../auth/jwt';
import { signVisitorToken, verifyVisitorToken } from '../auth/visitor-token';
import { AppError, ErrorCode } from '../errors';
import { logger } from '../logger';
import type { ConversationGateway } from '../temporal/conversation-gateway';

const log = logger('widget-visitor');

export interface VisitorSession {
  token: string;
  expiresAt: Date;
  /** Signed, long-lived: the widget keeps it to come back as the same visitor, and gives it when signing in. */
  visitorToken: string;
  customer: { id: string; name: string; email: string | null; company: string | null };
}

export interface VisitorOptions {
  jwtSecret: string;
  sessionTtlSeconds: number;
  /** Null: this deployment does not allow anonymous visitors. */
  visitors: { tokenTtlSeconds: number } | null;
}

/**
 * Anonymous visitors, where a deployment allows them: a customers row of their own (FREE, no address, `visitor`),
 * a session token that marks them (tighter rate limits), and a signed visitor token instead of a raw id. When the
 * visitor signs in, their open conversations move to the customer they are, in PostgreSQL and in the workflow.
 */
export class WidgetVisitorService {
  constructor(
    private readonly ds: DataSource,
    private readonly conversations: Pick<ConversationGateway, 'changeOwner'>,
    private readonly opts: VisitorOptions,
  ) {}

  async start(visitorToken: string | null | undefined): Promise<VisitorSession> {
    const visitors = this.opts.visitors;
    if (!visitors) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        'anonymous visitors are not allowed on this deployment (WIDGET_ALLOW_VISITORS); sign in to chat',
        'VISITORS_NOT_ALLOWED',
      );
    }
    // A token we signed for a visitor who has not signed in since: the same visitor. Anything else: a new one.
    const known = verifyVisitorToken(this.opts.jwtSecret, visitorToken);
    const rows: Array<{ id: string }> = known
      ? await this.ds.query('SELECT id FROM customers WHERE id = $1 AND visitor AND merged_into IS NULL', [known])
      : [];
    const id = rows[0]?.id ?? `vis-${randomUUID()}`;
    const name = 'Visitor';
    if (!rows[0]) {
      await this.ds.query(
        `INSERT INTO customers (id, name, email, company, tier, plan, visitor) VALUES ($1, $2, NULL, NULL, 'FREE', NULL, true)`,
        [id, name],
      );
    }
    const ttl = this.opts.sessionTtlSeconds;
    return {
      token: signToken(
        this.opts.jwtSecret,
        { sub: id, role: 'customer', name, sessionId: randomUUID(), visitor: true },
        ttl,
      ),
      expiresAt: new Date(Date.now() + ttl * 1000),
      visitorToken: signVisitorToken(this.opts.jwtSecret, id, visitors.tokenTtlSeconds),
      customer: { id, name, email: null, company: null },
    };
  }

  /**
   * The visitor signed in as `customerId`: each open conversation of theirs becomes the customer's (the workflow's
   * update writes the row and its audit event), and the visitor is marked merged. A token that is not a valid
   * visitor token moves nothing. Idempotent: signing in again finds nothing left to move.
   */
  async adopt(visitorToken: string, customerId: string): Promise<string[]> {
    const visitorId = verifyVisitorToken(this.opts.jwtSecret, visitorToken);
    if (!visitorId || visitorId === customerId) return [];
    const open: Array<{ id: string }> = await this.ds.query(
      `SELECT c.id FROM conversations c JOIN customers u ON u.id = c.customer_id
       WHERE c.customer_id = $1 AND u.visitor AND c.status <> 'CLOSED' ORDER BY c.created_at`,
      [visitorId],
    );
    const moved: string[] = [];
    for (const { id } of open) {
      await this.conversations.changeOwner({ conversationId: id, fromCustomerId: visitorId, customerId });
      moved.push(id);
    }
    await this.ds.query('UPDATE customers SET merged_into = $2 WHERE id = $1 AND visitor', [visitorId, customerId]);
    if (moved.length) log.info('visitor signed in; conversations moved', { visitorId, customerId, moved });
    return moved;
  }
}
