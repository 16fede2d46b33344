import type { DataSource } from 'typeorm';
import type { Principal } from '../auth/jwt';
import type { DataKeyStore } from '../crypto/data-keys';
import { sqlOf } from '../crypto/payload-codec';
import type { WorkflowOwners } from '../crypto/workflow-owners';
import { AppError, ErrorCode, forbidden, notFound } from '../errors';
import { logger } from '../logger';
import type { ConversationGateway, LifecycleGateway } from '../temporal/gateway';
import {
  type ErasedCounts,
  eraseConversationRows,
  eraseCustomerRows,
  exportConversationRows,
  suggestionsQuoting,
} from './customer-data-rows';

const log = logger('customer-data');

/** Channel on which every process hears that a customer's keys were shredded (their cached copies are dropped). */
export const DATA_KEYS_SHREDDED_CHANNEL = 'support_data_keys_shredded';

export interface CustomerErasure extends ErasedCounts {
  customerId: string;
  conversationsClosed: number;
  keysShredded: number;
  erasedAt: Date;
}

export interface CustomerDataDeps {
  conversations: Pick<ConversationGateway, 'close'>;
  lifecycle: Pick<LifecycleGateway, 'isRunning' | 'awaitEnded' | 'terminate'>;
  /** This process's codec: a shred drops its cached keys at once (other processes hear the NOTIFY). */
  keys?: Pick<DataKeyStore, 'forget'>;
  owners?: Pick<WorkflowOwners, 'forgetConversation'>;
}

/** How long a closed conversation's workflow may take to finish before an erasure gives up (nothing erased yet). */
const WORKFLOW_END_TIMEOUT_MS = 30_000;

/**
 * Export and erasure of one customer's data (admins), and the retention sweep's erasure of old closed conversations.
 * Every operation is written to `data_audit_log`.
 */
export class CustomerDataService {
  constructor(
    private readonly ds: DataSource,
    private readonly deps: CustomerDataDeps,
  ) {}

  /** Everything we hold about the customer (and visitors who signed in as them), as one JSON document. */
  async export(principal: Principal, customerId: string): Promise<Record<string, unknown>> {
    requireAdmin(principal);
    const sql = sqlOf(this.ds);
    const customerIds = await this.identities(customerId);
    if (customerIds.length === 0) throw notFound('customer');
    const customers = await sql.query('SELECT * FROM customers WHERE id = ANY($1::varchar[]) ORDER BY id', [
      customerIds,
    ]);
    const conversationIds = await this.conversationIds(customerIds);
    const rows = await exportConversationRows(sql, conversationIds);
    const dataKeys = await sql.query(
      `SELECT id, customer_id, wrapping_key_id, created_at, shredded_at FROM customer_data_keys
       WHERE customer_id = ANY($1::varchar[]) ORDER BY created_at`,
      [customerIds],
    );
    await this.audit(sql, principal, 'EXPORT', customerId, { conversations: conversationIds.length });
    return {
      format: 'support-handoff.customer-export.v1',
      exportedAt: new Date().toISOString(),
      customerId,
      customer: customers.find((c) => c.id === customerId) ?? null,
      mergedVisitors: customers.filter((c) => c.id !== customerId),
      ...rows,
      dataKeys,
    };
  }

  /**
   * Closes the customer's open conversations through their workflows (waiting for each to finish), ends the learning
   * loops quoting them, then in one transaction deletes their rows and destroys their data keys, so their Temporal
   * histories can no longer be decrypted. A retry after a partial failure finishes the job.
   */
  async erase(principal: Principal, customerId: string): Promise<CustomerErasure> {
    requireAdmin(principal);
    const customerIds = await this.identities(customerId);
    if (customerIds.length === 0 && !(await this.hadKeys(customerId))) throw notFound('customer');
    const conversationIds = await this.conversationIds(customerIds);
    const closed = await this.endWorkflows(principal, conversationIds, 'customer data erased');
    const result = await this.ds.transaction(async (m) => {
      const sql = sqlOf(m);
      const counts = await eraseConversationRows(sql, conversationIds);
      await eraseCustomerRows(sql, customerIds);
      const shredded = await sql.query(
        `UPDATE customer_data_keys SET wrapped_key = NULL, shredded_at = now()
         WHERE customer_id = ANY($1::varchar[]) AND wrapped_key IS NOT NULL RETURNING id`,
        [[customerId, ...customerIds]],
      );
      for (const id of new Set([customerId, ...customerIds])) {
        await sql.query('SELECT pg_notify($1, $2)', [DATA_KEYS_SHREDDED_CHANNEL, id]);
      }
      const erasure: CustomerErasure = {
        customerId,
        ...counts,
        conversationsClosed: closed,
        keysShredded: shredded.length,
        erasedAt: new Date(),
      };
      await this.audit(sql, principal, 'ERASE', customerId, { ...erasure, mergedVisitors: customerIds.slice(1) });
      return erasure;
    });
    for (const id of new Set([customerId, ...customerIds])) this.deps.keys?.forget(id);
    for (const id of conversationIds) this.deps.owners?.forgetConversation(id);
    log.info('customer data erased', { ...result });
    return result;
  }

  /** Closed conversations last touched before the cut-off (the retention sweep's page). */
  async expiredConversations(olderThanDays: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM conversations WHERE status IN ('CLOSED', 'RESOLVED')
       AND updated_at < now() - make_interval(days => $1) ORDER BY updated_at LIMIT $2`,
      [olderThanDays, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Retention: erases these conversations' rows (their customers and keys stay); answers how many were erased. */
  async eraseConversations(actor: Principal, conversationIds: string[], reason: string): Promise<ErasedCounts> {
    await this.endWorkflows(actor, conversationIds, reason);
    return this.ds.transaction(async (m) => {
      const sql = sqlOf(m);
      const counts = await eraseConversationRows(sql, conversationIds);
      await this.audit(sql, actor, 'RETENTION_ERASE', null, { ...counts, reason });
      return counts;
    });
  }

  /** The customer and the visitors who signed in as them (their conversations moved; the rows remain). */
  private async identities(customerId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      'SELECT id FROM customers WHERE id = $1 UNION SELECT id FROM customers WHERE merged_into = $1',
      [customerId],
    );
    const ids = rows.map((r) => r.id);
    return ids.includes(customerId) ? [customerId, ...ids.filter((i) => i !== customerId)] : [];
  }

  private async hadKeys(customerId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query('SELECT 1 FROM customer_data_keys WHERE customer_id = $1 LIMIT 1', [
      customerId,
    ]);
    return rows.length > 0;
  }

  private async conversationIds(customerIds: string[]): Promise<string[]> {
    if (customerIds.length === 0) return [];
    const rows: { id: string }[] = await this.ds.query(
      'SELECT id FROM conversations WHERE customer_id = ANY($1::varchar[]) ORDER BY created_at',
      [customerIds],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Every conversation workflow still running is closed through its close update (as an admin) and awaited; the
   * learning loops still open on them are terminated (their drafts are erased with the rows). Answers how many
   * conversations it closed.
   */
  private async endWorkflows(actor: Principal, conversationIds: string[], reason: string): Promise<number> {
    let closed = 0;
    for (const conversationId of conversationIds) {
      const workflowId = `conversation-${conversationId}`;
      if (!(await this.deps.lifecycle.isRunning(workflowId))) continue;
      await this.deps.conversations
        .close({ conversationId, actorId: actor.sub, actorRole: 'admin', reason })
        .catch((err: unknown) => {
          // Closed meanwhile (or already): the workflow is finishing either way.
          if (!(err instanceof AppError && err.code === ErrorCode.BAD_USER_INPUT)) throw err;
        });
      closed += 1;
      if (!(await this.deps.lifecycle.awaitEnded(workflowId, WORKFLOW_END_TIMEOUT_MS))) {
        throw new AppError(
          ErrorCode.UNAVAILABLE,
          `conversation ${conversationId} was closed but its workflow has not finished yet; nothing was erased, try again`,
        );
      }
    }
    const loops = await suggestionsQuoting(sqlOf(this.ds), conversationIds);
    for (const s of loops) {
      if (s.status === 'PENDING') await this.deps.lifecycle.terminate(s.workflow_id as string, reason);
    }
    return closed;
  }

  private async audit(
    sql: ReturnType<typeof sqlOf>,
    actor: Principal,
    action: 'EXPORT' | 'ERASE' | 'RETENTION_ERASE',
    customerId: string | null,
    details: Record<string, unknown>,
  ): Promise<void> {
    await sql.query(
      'INSERT INTO data_audit_log (action, actor_id, actor_role, customer_id, details) VALUES ($1, $2, $3, $4, $5)',
      [action, actor.sub, actor.role, customerId, JSON.stringify(details)],
    );
  }
}

function requireAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw forbidden('only admins export or erase customer data');
}
