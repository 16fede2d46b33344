import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import { hasPatch } from './patches';
import { durableStore, localActivitiesIdle, mustAwaitLocalActivities } from './activity-proxies';
import { BURST_MAX, runAiBurst, runAiTurn } from './ai-turn';
import { registerAgentHandlers } from './agent-handlers';
import { registerBillingHandlers } from './billing-handlers';
import { ConversationRun } from './conversation-run';
import {
  type ConversationStateView,
  type ConversationWorkflowInput,
  conversationStateQuery,
  type PendingTurn,
  policyChangedSignal,
} from './conversation.messages';
import { registerCustomerHandlers, takeStoredMessage } from './customer-handlers';
import { registerSupervisorHandlers } from './supervisor-handlers';
import { fireDueTimers, nextWakeAt } from './timers';

/**
 * One customer conversation, from the first message to its close: the AI answers while it should, people take over
 * when a trigger fires, the SLA ladder and the claim lease keep anyone from waiting silently. The state and its
 * transitions live in ConversationMachine; ConversationRun writes the read model around them.
 */
export async function conversationWorkflow(input: ConversationWorkflowInput): Promise<ConversationStateView> {
  const run = new ConversationRun(input);
  const { machine } = run;

  async function handleTurn(turn: PendingTurn) {
    const phase = machine.phase();
    if (phase.status === 'AI_ACTIVE') return runAiTurn(turn, run);
    if (phase.status === 'RESOLVED' && phase.resolvedBy === 'AI') {
      // Resolved by the AI: a new message reopens it with the AI.
      machine.reopenToAi();
      await run.record('reopened', { seq: turn.seq, to: 'AI' }, `reopened-ai-${turn.messageId}`);
      return runAiTurn(turn, run);
    }
    if (phase.status === 'RESOLVED') {
      // A message after resolution reopens it, back to the agent who resolved it when they can take it.
      machine.reopenToAgent();
      await run.enterQueue('reopened', { seq: turn.seq, preferredAgent: run.state.preferredAgent ?? null });
      machine.endReopenWindow();
    }
    // Waiting for or talking with a person: the message is stored and seen by the agent; the AI stays silent.
  }

  /**
   * Messages that piled up while the AI answered (a customer who writes in several short messages, a flood): answered
   * together, each in its own reply, for one workflow task and one activity. Histories from before took them one by one.
   */
  function burstToAnswer(): PendingTurn[] | null {
    const { pending } = run.state;
    if (pending.length < 2 || machine.phase().status !== 'AI_ACTIVE' || !run.context.isReady()) return null;
    return hasPatch('ai-turn-burst') ? pending.slice(0, BURST_MAX) : null;
  }

  /**
   * With nothing left to answer, the messages the API parked while this conversation was due (no signal each: see
   * the parked-messages migration) are taken, in order; none left ends the due state, and the next message is
   * signalled. Only runs told by the API that messages may be parked take any (histories before replay as they ran).
   */
  async function takeParked() {
    const { state } = run;
    if (state.pending.length > 0 || !state.mayHaveParked || machine.isClosed()) return;
    // `after`: what an earlier take gave this conversation; the store drops those rows and returns the rest, again
    // if this is retried (a take whose reply was lost must not lose its messages).
    const after = state.parkedTakenThrough ?? 0;
    const taken = await durableStore.takeParkedMessages({ conversationId: input.conversationId, after });
    state.mayHaveParked = taken.length > 0;
    for (const m of taken) {
      state.parkedTakenThrough = Math.max(state.parkedTakenThrough ?? 0, m.seq);
      takeStoredMessage(run, m);
    }
  }

  setHandler(conversationStateQuery, () => run.view());
  registerCustomerHandlers(run);
  registerAgentHandlers(run);
  registerBillingHandlers(run);
  registerSupervisorHandlers(run);
  setHandler(policyChangedSignal, () => {
    run.policyDirty = true;
    run.wake = true;
  });

  // One timer to the earliest deadline, left running while messages come and go, and re-checked when it fires: a
  // message no longer cancels and restarts the inactivity timer (two history events and a command each). A deadline
  // that moved later is met by re-arming when the early timer fires; one that moved earlier (an SLA step, a lease)
  // replaces the running timer. Histories recorded before this re-armed a timer on every pass and replay that way.
  const oneTimer = hasPatch('one-wake-timer');
  let armed: { at: number; scope: CancellationScope } | null = null;
  for (;;) {
    const wakeAt = nextWakeAt(run);
    const ready = () =>
      run.state.pending.length > 0 ||
      !!run.state.mayHaveParked ||
      machine.isClosed() ||
      run.wake ||
      run.shouldContinueAsNew();
    if (oneTimer) {
      if (wakeAt !== null && (armed === null || wakeAt < armed.at)) {
        armed?.scope.cancel();
        const timer = { at: wakeAt, scope: new CancellationScope() };
        armed = timer;
        void timer.scope
          .run(() => sleep(Math.max(0, timer.at - Date.now())))
          .then(
            () => {
              if (armed === timer) armed = null;
              run.wake = true;
            },
            () => undefined, // replaced by an earlier deadline
          );
      }
      await condition(ready);
    } else if (wakeAt === null) await condition(ready);
    else await condition(ready, Math.max(0, wakeAt - Date.now()));
    run.wake = false;
    // A handler's store still in flight (retried while PostgreSQL is down) finishes first (see activity-proxies.ts).
    if (mustAwaitLocalActivities()) await condition(localActivitiesIdle);
    if (machine.isClosed()) break;
    if (run.policyDirty && run.state.sla && machine.waiting()) {
      const p = await run.currentPolicy();
      const sla = machine.replan(p, run.tier());
      await run.record(
        'policy_applied',
        { policyVersion: p.version, deadline: new Date(sla.deadline).toISOString() },
        `policy-${p.version}-${sla.cycle}`,
      );
    }
    await fireDueTimers(run);
    if (machine.isClosed()) break;
    await takeParked();
    const burst = burstToAnswer();
    if (burst) {
      run.state.pending.splice(0, await runAiBurst(burst, run));
      continue;
    }
    if (run.state.pending.length > 0) {
      const turn = run.state.pending[0];
      await handleTurn(turn);
      run.state.pending.shift();
      continue;
    }
    if (!run.shouldContinueAsNew()) continue;
    // Nothing owed: hand over to a fresh run once every in-flight update has finished.
    await run.context.settled();
    await condition(allHandlersFinished);
    if (run.state.pending.length > 0 || machine.isClosed() || run.wake) continue;
    await continueAsNew<typeof conversationWorkflow>({ ...input, carried: { ...run.state, run: run.state.run + 1 } });
  }
  await condition(allHandlersFinished);
  // A context the API was to record at the start is there when the conversation ends (gathered here if it is not).
  await run.context.settled();
  return run.view();
}
