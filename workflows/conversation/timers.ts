import { goOnPast } from '../common/go-on';
import { email, notify } from './activity-proxies';
import type { ConversationRun } from './conversation-run';

/** The next instant a timer falls due (the main loop sleeps until then, or until a message or handler wakes it). */
export function nextWakeAt(run: ConversationRun): number | null {
  const phase = run.machine.phase();
  const aiDue = run.aiResolutionDueAt();
  const times: number[] = [];
  if (phase.status === 'AWAITING_AGENT' && phase.sla) {
    for (const s of phase.sla.steps) if (s.firedAt === null) times.push(s.dueAt);
  }
  if (phase.status === 'AGENT_ACTIVE' && phase.leaseDueAt) times.push(phase.leaseDueAt);
  if (phase.status === 'RESOLVED' && phase.reopenUntil) times.push(phase.reopenUntil);
  if (aiDue !== null) times.push(aiDue);
  if (run.state.replyEmail) times.push(run.state.replyEmail.dueAt);
  return times.length ? Math.min(...times) : null;
}

/** The batch of agent replies is due: emailed unless the customer had a widget open since (the activity decides). */
async function emailRepliesIfAway(run: ConversationRun, now: number): Promise<void> {
  const batch = run.state.replyEmail;
  if (!batch || batch.dueAt > now) return;
  run.state.replyEmail = null;
  const { conversationId } = run;
  // An email is a courtesy: the replies are in the conversation whatever happens to it.
  await goOnPast({ where: 'reply_email', conversationId }, () =>
    email.emailRepliesIfAway({ conversationId, customerId: run.customerId, ...batch }),
  );
}

/**
 * Fires every timer that is due, in order: AI resolution by inactivity, ladder steps, lease expiry, the end of the
 * reopen window, the reply email.
 */
export async function fireDueTimers(run: ConversationRun): Promise<void> {
  const { conversationId, machine } = run;
  const now = Date.now();
  await emailRepliesIfAway(run, now);
  const aiDue = run.aiResolutionDueAt();
  if (aiDue !== null && aiDue <= now) await run.resolveByAi('no customer message since the last AI answer');
  let phase = machine.phase();
  if (phase.status === 'AWAITING_AGENT' && phase.sla) {
    const sla = phase.sla;
    for (const step of sla.steps) {
      if (step.firedAt !== null || step.dueAt > now) continue;
      machine.fireStep(step, now);
      await run.record(
        'sla_step',
        {
          action: step.action,
          atPercent: step.atPercent,
          dueAt: new Date(step.dueAt).toISOString(),
          firedAt: new Date(now).toISOString(),
          pool: sla.pool,
        },
        `sla-${sla.cycle}-${step.action}`,
      );
      // The ladder goes on when a notification keeps failing; the step is recorded and counted either way.
      await goOnPast({ where: 'notify_agents', conversationId, kind: step.action }, () =>
        notify.notifyAgents({
          conversationId,
          kind: step.action,
          audience: step.action === 'PAGE_LEAD_ONCALL' ? ['LEAD', 'ONCALL'] : sla.pool,
          message: `${step.action} at ${step.atPercent}% of the ${run.tier()} time-to-claim target: conversation still unclaimed`,
          dedupeKey: `sla-${conversationId}-${sla.cycle}-${step.action}`,
          tier: run.tier(),
        }),
      );
    }
  }
  phase = machine.phase();
  if (phase.status === 'AGENT_ACTIVE' && phase.leaseDueAt && phase.leaseDueAt <= now) {
    machine.leaseExpired();
    await run.enterQueue('claim_lease_expired', { agentId: phase.assignee });
  }
  phase = machine.phase();
  if (phase.status === 'RESOLVED' && phase.reopenUntil && phase.reopenUntil <= now) {
    machine.closeAfterReopenWindow();
    await run.record(
      'conversation_closed',
      { by: 'system', reason: 'reopen window elapsed' },
      `closed-${conversationId}`,
    );
  }
}
