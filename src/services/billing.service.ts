import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { BillingActionKind } from '../../workflows/conversation/conversation.messages';
import type { Principal } from '../auth/jwt';
import { AppError, badInput, conflict, ErrorCode, forbidden, notFound } from '../errors';
import {
  chargeOwnershipProblem,
  checkRefundAgainstCharge,
  type StripeBilling,
} from '../integrations/billing/stripe.provider';
import { verifyStripeWebhook } from '../integrations/billing/stripe-webhook';
import type { ConversationGateway } from '../temporal/conversation-gateway';
import type { AgentDeskService } from './agent-desk.service';
import { requireStaff } from './agents.service';
import { decodeCursor, pageOf, pageSize, type Page } from './pagination';
import type { ConversationsService } from './conversations.service';

export interface BillingActionRow {
  id: string;
  conversation_id: string;
  kind: BillingActionKind;
  status: string;
  amount_cents: number;
  currency: string;
  reason: string;
  charge_id: string | null;
  stripe_id: string | null;
  proposed_by: string;
  approved_by: string | null;
  rejected_by: string | null;
  reject_reason?: string | null;
  error: string | null;
  created_at: Date;
}

export interface ProposeInput {
  kind: BillingActionKind;
  amountCents: number;
  currency: string;
  reason: string;
  chargeId?: string | null;
  /** The client's idempotency key: a retried proposal with the same key is the same proposal. */
  clientKey?: string | null;
}

/** A proposal's id from (conversation, agent, client key): a retry lands on the same action. UUID-shaped (v8). */
export function billingActionIdFor(conversationId: string, agentId: string, clientKey: string): string {
  const h = createHash('sha256').update(`billing-action:${conversationId}:${agentId}:${clientKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const sameProposal = (row: BillingActionRow, input: ProposeInput) =>
  row.kind === input.kind &&
  row.amount_cents === input.amountCents &&
  row.currency === input.currency.toLowerCase() &&
  (row.charge_id ?? null) === (input.chargeId ?? null);

/** Refunds and credits: validated here, decided and executed (once) by the conversation workflow. */
export class BillingService {
  constructor(
    private readonly ds: DataSource,
    private readonly temporal: ConversationGateway,
    private readonly conversations: ConversationsService,
    private readonly desk: AgentDeskService,
    private readonly stripe: StripeBilling | null,
    private readonly webhookSecret: string | undefined,
  ) {}

  async propose(principal: Principal, conversationId: string, input: ProposeInput): Promise<BillingActionRow> {
    const agent = await this.desk.agentOf(principal);
    if (!['REFUND', 'CREDIT'].includes(input.kind)) throw badInput('kind must be REFUND or CREDIT');
    if (!Number.isInteger(input.amountCents) || input.amountCents <= 0)
      throw badInput('amountCents must be a positive whole number');
    if (!/^[a-zA-Z]{3}$/.test(input.currency)) throw badInput('currency must be a three-letter ISO code');
    if (!input.reason?.trim()) throw badInput('a reason is required');
    if (input.kind === 'REFUND' && !input.chargeId) throw badInput('a refund names the chargeId it refunds');
    if (input.clientKey != null && !/^[\w.:-]{1,128}$/.test(input.clientKey))
      throw badInput('clientKey must be 1-128 letters, digits, dots, colons, dashes or underscores');
    const c = await this.conversations.getConversation(principal, conversationId);
    const actionId = input.clientKey ? billingActionIdFor(c.id, agent.id, input.clientKey) : randomUUID();
    // A retry of a proposal that was stored: the same answer, checked against what it proposed.
    const earlier = input.clientKey ? await this.findById(actionId) : null;
    if (earlier) return this.repeated(earlier, input);
    if (c.assigneeId !== agent.id) throw forbidden('only the assigned agent proposes billing actions');
    if (input.kind === 'REFUND' && input.chargeId) {
      if (!this.stripe) throw badInput('no billing provider is configured');
      const charge = await this.stripe.chargeAmount(input.chargeId);
      const problem =
        chargeOwnershipProblem(charge, await this.stripeCustomerOf(c.id)) ??
        checkRefundAgainstCharge(charge, input.amountCents, input.currency);
      if (problem) throw badInput(problem);
    }
    try {
      await this.temporal.proposeBillingAction({
        conversationId: c.id,
        actionId,
        agentId: agent.id,
        kind: input.kind,
        amountCents: input.amountCents,
        currency: input.currency.toLowerCase(),
        reason: input.reason,
        chargeId: input.chargeId ?? null,
      });
    } catch (err) {
      // A concurrent retry with the same key got there first: its row is being written; answer it once it is.
      if (!(input.clientKey && err instanceof AppError && err.code === ErrorCode.CONFLICT)) throw err;
      return this.repeated(await this.waitForRow(actionId), input);
    }
    return this.byId(actionId);
  }

  private repeated(row: BillingActionRow, input: ProposeInput): BillingActionRow {
    if (!sameProposal(row, input)) throw conflict('this clientKey was used for a different proposal');
    return row;
  }

  private async waitForRow(id: string, timeoutMs = 5000): Promise<BillingActionRow> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const row = await this.findById(id);
      if (row || Date.now() > until) return row ?? this.byId(id);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The Stripe customer found when the conversation's context was gathered (null: none known). */
  private async stripeCustomerOf(conversationId: string): Promise<string | null> {
    const rows: Array<{ customer_id: string | null }> = await this.ds.query(
      `SELECT context->'billing'->>'customerId' AS customer_id FROM conversations WHERE id = $1`,
      [conversationId],
    );
    return rows[0]?.customer_id ?? null;
  }

  private async findById(id: string): Promise<BillingActionRow | null> {
    const rows: BillingActionRow[] = await this.ds.query('SELECT * FROM billing_actions WHERE id = $1', [id]);
    return rows[0] ?? null;
  }

  async approve(principal: Principal, actionId: string): Promise<BillingActionRow> {
    const agent = await this.desk.agentOf(principal);
    const action = await this.byId(actionId);
    const c = await this.conversations.getConversation(principal, action.conversation_id);
    await this.temporal.approveBillingAction({
      conversationId: c.id,
      actionId,
      agentId: agent.id,
      agentSkills: agent.skills,
    });
    return this.byId(actionId);
  }

  async reject(principal: Principal, actionId: string, reason: string): Promise<BillingActionRow> {
    const agent = await this.desk.agentOf(principal);
    if (!reason?.trim()) throw badInput('a reason is required');
    const action = await this.byId(actionId);
    const c = await this.conversations.getConversation(principal, action.conversation_id);
    await this.temporal.rejectBillingAction({ conversationId: c.id, actionId, agentId: agent.id, reason });
    return this.byId(actionId);
  }

  async byId(id: string): Promise<BillingActionRow> {
    const rows: BillingActionRow[] = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.ds.query('SELECT * FROM billing_actions WHERE id = $1', [id])
      : [];
    if (!rows[0]) throw notFound('billing action');
    return rows[0];
  }

  /**
   * Proposals waiting for a second agent, oldest first (the longest-waiting customer first), for the approvals list:
   * staff only (every agent sees them all: their own ones too, marked by `proposedBy`).
   */
  async awaitingApproval(
    principal: Principal,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Page<BillingActionRow>> {
    requireStaff(principal);
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const rows: BillingActionRow[] = await this.ds.query(
      `SELECT * FROM billing_actions WHERE status = 'PROPOSED'
         AND ($1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid))
       ORDER BY created_at, id LIMIT $3`,
      [cursor ? String(cursor[0]) : null, cursor ? String(cursor[1]) : null, size + 1],
    );
    return pageOf(rows, size, (r) => [new Date(r.created_at).toISOString(), r.id], cursor !== null);
  }

  forConversation(conversationId: string): Promise<BillingActionRow[]> {
    return this.ds.query('SELECT * FROM billing_actions WHERE conversation_id = $1 ORDER BY created_at', [
      conversationId,
    ]);
  }

  /**
   * POST /webhooks/stripe: verified (forged or stale signatures throw), deduplicated by event id, and passed to the
   * customer's open conversation as a signal. An event is marked delivered only after its signal succeeded: when the
   * signal fails the call throws (Stripe gets a 5xx and retries), and the retry delivers it (the workflow records a
   * billing event once per event id, so a delivery repeated after a crash is harmless). Returns what happened.
   */
  async handleWebhook(
    rawBody: Buffer,
    signature: string | undefined,
  ): Promise<{ received: boolean; duplicate: boolean; conversationId: string | null }> {
    if (!this.webhookSecret) throw badInput('STRIPE_WEBHOOK_SECRET is not configured');
    const event = verifyStripeWebhook(rawBody, signature, this.webhookSecret) as {
      id: string;
      type: string;
      data?: { object?: { customer?: string; customer_email?: string } };
    };
    const obj = event.data?.object ?? {};
    const open: Array<{ id: string }> = await this.ds.query(
      `SELECT c.id FROM conversations c JOIN customers u ON u.id = c.customer_id
       WHERE c.status NOT IN ('CLOSED', 'RESOLVED')
         AND (c.context->'billing'->>'customerId' = $1 OR lower(u.email) = lower($2))
       ORDER BY c.updated_at DESC LIMIT 1`,
      [obj.customer ?? '', obj.customer_email ?? ''],
    );
    const conversationId = open[0]?.id ?? null;
    // One delivery at a time per event: concurrent deliveries wait on the row, and see it delivered once the first
    // commits. A signal that fails rolls the transaction back, so Stripe's retry finds the event undelivered.
    const delivered = await this.ds.transaction(async (m) => {
      await m.query(
        `INSERT INTO stripe_events (id, type, conversation_id) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`,
        [event.id, event.type, conversationId],
      );
      const [row]: Array<{ delivered_at: Date | null }> = await m.query(
        'SELECT delivered_at FROM stripe_events WHERE id = $1 FOR UPDATE',
        [event.id],
      );
      if (row.delivered_at) return false;
      // A conversation closed since the lookup has no use for the event: the gateway counts it, the event is kept.
      if (conversationId)
        await this.temporal.signalBillingEvent({ conversationId, eventId: event.id, type: event.type });
      await m.query('UPDATE stripe_events SET delivered_at = now(), conversation_id = $2 WHERE id = $1', [
        event.id,
        conversationId,
      ]);
      return true;
    });
    if (!delivered) return { received: true, duplicate: true, conversationId };
    return { received: true, duplicate: false, conversationId };
  }
}
