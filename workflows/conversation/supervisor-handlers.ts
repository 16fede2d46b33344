import { setHandler } from '@temporalio/workflow';
import { internalNoteProblem, reassignProblem } from '../../domain/conversation-rules';
import { DEFAULT_CLAIM_LEASE_SECONDS } from '../../domain/policy/defaults';
import { fail } from '../common/failures';
import { store } from './activity-proxies';
import type { ConversationRun } from './conversation-run';
import {
  addInternalNoteUpdate,
  reassignConversationUpdate,
  type SupervisorRef,
  takeOverConversationUpdate,
} from './conversation.messages';

/**
 * The team's own handlers, beside the assignee's: internal notes (any staff member), and takeover or reassignment by
 * LEAD agents and admins. Registering handlers adds no command to a history, so runs recorded before these existed
 * replay unchanged; only new updates run them.
 */
export function registerSupervisorHandlers(run: ConversationRun): void {
  const { conversationId, machine, state } = run;

  /** The new assignee must write to the customer within the tier's lease, as after a claim. */
  const startLease = async () => {
    let lease = DEFAULT_CLAIM_LEASE_SECONDS;
    try {
      lease = (await run.currentPolicy()).document.sla.claimLeaseSeconds[run.tier()] ?? lease;
    } catch {
      // The policy could not be read: the default lease applies (as in the claim handler).
    }
    machine.startLease(Date.now() + lease * 1000);
    run.wake = true;
  };
  const validateSupervisor = (req: SupervisorRef) => {
    const problem = reassignProblem({ status: state.status }, { role: req.actorRole, tier: req.actorTier });
    if (problem) throw fail(problem.code, problem.message);
  };

  setHandler(
    addInternalNoteUpdate,
    async (note) =>
      store.recordInternalNote({
        conversationId,
        authorId: note.authorId,
        authorName: note.authorName,
        clientNoteId: note.clientNoteId,
        body: note.body,
      }),
    {
      validator: (note) => {
        const problem = internalNoteProblem(note ?? {});
        if (problem) throw fail('BAD_USER_INPUT', problem);
        if (machine.isClosed()) throw fail('BAD_USER_INPUT', 'conversation is closed');
      },
    },
  );

  setHandler(
    takeOverConversationUpdate,
    async (req) => {
      const from = state.assignee ?? null;
      if (machine.isAssignee(req.agentId)) return run.view();
      // Taken synchronously, before any await: a concurrent claim's validator already sees the new owner.
      machine.claim(req.agentId);
      await run.afterEscalation();
      await startLease();
      await run.record('taken_over', { by: req.agentId, from }, `taken-over-${state.slaCycles}-${Date.now()}`);
      return run.view();
    },
    { validator: validateSupervisor },
  );

  setHandler(
    reassignConversationUpdate,
    async (req) => {
      const from = state.assignee ?? null;
      if (machine.isAssignee(req.toAgentId)) return run.view();
      if (machine.waiting()) machine.claim(req.toAgentId);
      else machine.transferToAgent(req.toAgentId);
      await run.afterEscalation();
      await startLease();
      await run.record(
        'reassigned',
        { by: req.actorId, from, toAgentId: req.toAgentId },
        `reassigned-${state.slaCycles}-${Date.now()}`,
      );
      return run.view();
    },
    { validator: validateSupervisor },
  );
}
