import {
  ActivityFailure,
  ApplicationFailure,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { hasPatch } from './patches';
import type { Activities } from '../../activities';
import { store } from './activity-proxies';
import type { ConversationRun } from './conversation-run';
import {
  approveBillingActionUpdate,
  billingEventSignal,
  type BillingActionState,
  proposeBillingActionUpdate,
  rejectBillingActionUpdate,
} from './conversation.messages';
import { fail } from '../common/failures';

// Stripe remembers idempotency keys for a day: retries stay well inside that.
const billing = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '10m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 6 },
});

const refusedApprover = (err: unknown) =>
  err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'FORBIDDEN';

/** Refunds and credits: proposed by the assigned agent, executed once on approval by another billing agent. */
export function registerBillingHandlers(run: ConversationRun): void {
  const { conversationId, machine, state } = run;
  const record = run.record.bind(run);
  const actions = () => (state.billingActions ??= []);
  const find = (id: string) => actions().find((a) => a.id === id);

  setHandler(
    proposeBillingActionUpdate,
    async (p) => {
      const action: BillingActionState = {
        id: p.actionId,
        kind: p.kind,
        status: 'PROPOSED',
        amountCents: p.amountCents,
        currency: p.currency,
        chargeId: p.chargeId ?? null,
        proposedBy: p.agentId,
        stripeId: null,
      };
      actions().push(action);
      await store.recordBillingAction({ conversationId, action: { ...action }, reason: p.reason, actorId: p.agentId });
      await record(
        'billing_action_proposed',
        { actionId: p.actionId, kind: p.kind, amountCents: p.amountCents, currency: p.currency, by: p.agentId },
        `billing-proposed-${p.actionId}`,
      );
      return action;
    },
    {
      validator: (p) => {
        if (!machine.isAssignee(p.agentId)) throw fail('FORBIDDEN', 'only the assigned agent proposes billing actions');
        if (find(p.actionId)) throw fail('CONFLICT', 'this billing action exists already');
      },
    },
  );

  setHandler(
    approveBillingActionUpdate,
    async (a) => {
      const action = find(a.actionId)!;
      action.status = 'EXECUTING'; // synchronously: a concurrent second approval is rejected by the validator
      try {
        const result = await billing.executeBillingAction({
          conversationId,
          actionId: action.id,
          kind: action.kind,
          amountCents: action.amountCents,
          currency: action.currency,
          chargeId: action.chargeId,
          // Derived from the workflow and the action: every retry of this execution is the same request to Stripe.
          idempotencyKey: `${workflowInfo().workflowId}-billing-${action.id}`,
          // The activity checks the approver again against the database before it calls Stripe.
          approvedBy: a.agentId,
        });
        action.status = 'EXECUTED';
        action.stripeId = result.stripeId;
      } catch (err) {
        // The database did not back this approver (forged skills, disabled, the proposer): nothing moved, the action
        // stays proposed for a real approver, and the update is refused. Histories from before the check replay as
        // they ran (their activity never refused this way).
        if (refusedApprover(err) && hasPatch('billing-approver-rechecked')) {
          action.status = 'PROPOSED';
          log.warn('billing approval refused by the activity', { conversationId, actionId: action.id, by: a.agentId });
          throw fail('FORBIDDEN', (err as ActivityFailure).cause?.message ?? 'approval refused');
        }
        action.status = 'FAILED';
        await store.recordBillingAction({
          conversationId,
          action: { ...action },
          actorId: a.agentId,
          approvedBy: a.agentId,
          error: String((err as Error).message ?? err),
        });
        await record('billing_action_failed', { actionId: action.id, by: a.agentId }, `billing-failed-${action.id}`);
        return { ...action };
      }
      await store.recordBillingAction({
        conversationId,
        action: { ...action },
        actorId: a.agentId,
        approvedBy: a.agentId,
      });
      await record(
        'billing_action_executed',
        { actionId: action.id, stripeId: action.stripeId, approvedBy: a.agentId },
        `billing-executed-${action.id}`,
      );
      return { ...action };
    },
    {
      validator: (a) => {
        const action = find(a.actionId);
        if (!action) throw fail('NOT_FOUND', 'billing action not found');
        if (!a.agentSkills.includes('billing')) throw fail('FORBIDDEN', 'approving needs the billing skill');
        if (action.proposedBy === a.agentId) throw fail('FORBIDDEN', 'a second agent must approve: you proposed this');
        if (action.status !== 'PROPOSED')
          throw fail('CONFLICT', `this billing action is ${action.status.toLowerCase()} already`);
      },
    },
  );

  setHandler(
    rejectBillingActionUpdate,
    async (r) => {
      const action = find(r.actionId)!;
      action.status = 'REJECTED';
      await store.recordBillingAction({
        conversationId,
        action: { ...action },
        actorId: r.agentId,
        rejectedBy: r.agentId,
        rejectReason: r.reason,
      });
      await record(
        'billing_action_rejected',
        { actionId: action.id, by: r.agentId, reason: r.reason },
        `billing-rejected-${action.id}`,
      );
      return { ...action };
    },
    {
      validator: (r) => {
        const action = find(r.actionId);
        if (!action) throw fail('NOT_FOUND', 'billing action not found');
        if (action.status !== 'PROPOSED')
          throw fail('CONFLICT', `this billing action is ${action.status.toLowerCase()} already`);
      },
    },
  );

  setHandler(billingEventSignal, async (e) => {
    if (e.type === 'invoice.payment_failed' || e.type === 'charge.failed' || e.type === 'charge.dispute.created') {
      state.priority = Math.max(state.priority ?? 0, 1);
      await record(
        'billing_event',
        { eventId: e.eventId, type: e.type, priority: state.priority },
        `stripe-${e.eventId}`,
      );
    }
  });
}
