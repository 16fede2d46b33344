import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Principal } from '../auth/jwt';
import { badInput, forbidden, notFound } from '../errors';
import type { ConversationsService } from './conversations.service';
import { isUuid } from './ids';

export interface SavedReply {
  id: string;
  title: string;
  body: string;
  /** null: shared with every agent. */
  ownerId: string | null;
  updatedAt: Date;
}

type Row = { id: string; title: string; body: string; owner_id: string | null; updated_at: Date };
const toReply = (r: Row): SavedReply => ({
  id: r.id,
  title: r.title,
  body: r.body,
  ownerId: r.owner_id,
  updatedAt: r.updated_at,
});
const MAX_TITLE = 120;
const MAX_BODY = 5000;
const MAX_REPLIES = 200;
/** The placeholders a body may carry; any other {…} is left as written. */
export const PLACEHOLDERS = ['customer.name', 'customer.firstName', 'customer.company', 'agent.name'] as const;

interface Caller {
  principal: Principal;
  agent: { id: string; name: string; tier: string } | null;
}

/**
 * Saved replies (macros): shared ones, which leads and admins manage and every agent uses, and personal ones, which
 * only their owner sees or changes (someone else's is NOT_FOUND, never revealed). Rendering fills the placeholders
 * for one conversation the caller may read.
 */
export class SavedRepliesService {
  constructor(
    private readonly ds: DataSource,
    private readonly conversations: ConversationsService,
  ) {}

  private async caller(principal: Principal): Promise<Caller> {
    if (principal.role === 'admin') {
      const rows: Array<{ id: string; name: string; tier: string }> = await this.ds.query(
        'SELECT id, name, tier FROM agents WHERE id = $1',
        [principal.sub],
      );
      return { principal, agent: rows[0] ?? null };
    }
    if (principal.role !== 'agent') throw forbidden('saved replies are for agents');
    const rows: Array<{ id: string; name: string; tier: string }> = await this.ds.query(
      'SELECT id, name, tier FROM agents WHERE id = $1',
      [principal.sub],
    );
    if (!rows[0]) throw forbidden('this token names no known agent');
    return { principal, agent: rows[0] };
  }

  private static managesShared(c: Caller): boolean {
    return c.principal.role === 'admin' || c.agent?.tier === 'LEAD';
  }

  /** Shared ones and the caller's own, by title. */
  async list(principal: Principal): Promise<SavedReply[]> {
    const c = await this.caller(principal);
    const rows: Row[] = await this.ds.query(
      `SELECT id, title, body, owner_id, updated_at FROM saved_replies
        WHERE owner_id IS NULL OR owner_id = $1 ORDER BY owner_id NULLS FIRST, lower(title), id LIMIT $2`,
      [c.agent?.id ?? null, MAX_REPLIES],
    );
    return rows.map(toReply);
  }

  async create(principal: Principal, input: { title: string; body: string; shared: boolean }): Promise<SavedReply> {
    const c = await this.caller(principal);
    const { title, body } = validated(input);
    if (input.shared && !SavedRepliesService.managesShared(c)) {
      throw forbidden('shared saved replies are managed by leads and admins');
    }
    if (!input.shared && !c.agent) throw forbidden('a personal saved reply belongs to an agent');
    const rows: Row[] = await this.ds.query(
      `INSERT INTO saved_replies (id, owner_id, title, body, created_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, title, body, owner_id, updated_at`,
      [randomUUID(), input.shared ? null : c.agent!.id, title, body, principal.sub],
    );
    return toReply(rows[0]);
  }

  async update(principal: Principal, id: string, input: { title: string; body: string }): Promise<SavedReply> {
    const c = await this.caller(principal);
    const { title, body } = validated(input);
    await this.writable(c, id);
    const rows: Row[] = await this.ds.query(
      `WITH u AS (UPDATE saved_replies SET title = $2, body = $3, updated_at = now() WHERE id = $1
                  RETURNING id, title, body, owner_id, updated_at) SELECT * FROM u`,
      [id, title, body],
    );
    if (!rows[0]) throw notFound('saved reply');
    return toReply(rows[0]);
  }

  /** Answers whether it existed; deleting one already gone is harmless (a retry). */
  async delete(principal: Principal, id: string): Promise<boolean> {
    const c = await this.caller(principal);
    const found = await this.readable(c, id);
    if (!found) return false;
    await this.writable(c, id);
    await this.ds.query('DELETE FROM saved_replies WHERE id = $1', [id]);
    return true;
  }

  /** The body with its placeholders filled for this conversation's customer and the calling agent. */
  async render(principal: Principal, id: string, conversationId: string): Promise<string> {
    const c = await this.caller(principal);
    const reply = await this.readable(c, id);
    if (!reply) throw notFound('saved reply');
    const conversation = await this.conversations.getConversation(principal, conversationId);
    const [customer]: Array<{ name: string | null; company: string | null }> = await this.ds.query(
      'SELECT name, company FROM customers WHERE id = $1',
      [conversation.customerId],
    );
    const name = customer?.name?.trim() || 'there';
    const values: Record<(typeof PLACEHOLDERS)[number], string> = {
      'customer.name': name,
      'customer.firstName': customer?.name?.trim().split(/\s+/)[0] || 'there',
      'customer.company': customer?.company ?? '',
      'agent.name': c.agent?.name ?? principal.name ?? 'Support',
    };
    return reply.body.replace(/\{([a-zA-Z.]+)\}/g, (whole, key: string) =>
      key in values ? values[key as keyof typeof values] : whole,
    );
  }

  private async readable(c: Caller, id: string): Promise<SavedReply | null> {
    if (!isUuid(id)) return null;
    const rows: Row[] = await this.ds.query(
      `SELECT id, title, body, owner_id, updated_at FROM saved_replies
        WHERE id = $1 AND (owner_id IS NULL OR owner_id = $2)`,
      [id, c.agent?.id ?? null],
    );
    return rows[0] ? toReply(rows[0]) : null;
  }

  private async writable(c: Caller, id: string): Promise<SavedReply> {
    const reply = await this.readable(c, id);
    if (!reply) throw notFound('saved reply');
    if (reply.ownerId === null && !SavedRepliesService.managesShared(c)) {
      throw forbidden('shared saved replies are managed by leads and admins');
    }
    return reply;
  }
}

function validated(input: { title: string; body: string }): { title: string; body: string } {
  const title = input.title?.trim() ?? '';
  const body = input.body?.trim() ?? '';
  if (!title || title.length > MAX_TITLE) throw badInput(`title must be 1 to ${MAX_TITLE} characters`);
  if (!body || body.length > MAX_BODY) throw badInput(`body must be 1 to ${MAX_BODY} characters`);
  return { title, body };
}
