import { condition, log, ParentClosePolicy, setHandler, startChild } from '@temporalio/workflow';
import { hasPatch } from './patches';
import { AuthorKind } from '../../domain/conversation';
import { claimProblem, isRepeatedClaim, transferProblem } from '../../domain/conversation-rules';
import { clientMessageIdProblem, messageBodyProblem } from '../../domain/message-rules';
import { DEFAULT_CLAIM_LEASE_SECONDS } from '../../domain/policy/defaults';
import { fail } from '../common/failures';
import { knowledgeSuggestionWorkflow } from '../knowledge/knowledge-suggestion.workflow';
import { knowledgeSuggestionWorkflowId } from '../knowledge/knowledge.messages';
import { store } from './activity-proxies';
import type { ConversationRun } from './conversation-run';
import {
  agentMessageUpdate,
  claimConversationUpdate,
  releaseConversationUpdate,
  resolveConversationUpdate,
  transferConversationUpdate,
} from './conversation.messages';

/** What agents do to a conversation: claim (one winner), reply, release, transfer, resolve. */
export function registerAgentHandlers(run: ConversationRun): void {
  const { conversationId, machine, state } = run;
  /** Claims taken but not yet recorded in the read model. */
  let claimsRecording = 0;
  const requireAssignee = (agentId: string) => {
    if (!machine.isAssignee(agentId)) throw fail('FORBIDDEN', 'only the assigned agent may do this');
  };
  /** The tier's lease from the policy; the default when the policy can't be read (logged, never hidden). */
  const leaseSeconds = async () => {
    try {
      return (await run.currentPolicy()).document.sla.claimLeaseSeconds[run.tier()];
    } catch (err) {
      log.warn('policy unavailable: claim lease falls back to the default', {
        conversationId,
        leaseSeconds: DEFAULT_CLAIM_LEASE_SECONDS,
        error: String(err),
      });
      return undefined;
    }
  };

  setHandler(
    claimConversationUpdate,
    async (agent) => {
      // The winner's retried request: the same answer, nothing claimed twice (a validator let it through). It answers
      // once the first request has recorded the claim, so both answers read the same owner from the read model.
      if (isRepeatedClaim(state, agent.agentId)) {
        if (claimsRecording > 0 && hasPatch('repeated-claim-waits-for-winner'))
          await condition(() => claimsRecording === 0);
        return run.view();
      }
      // Taken synchronously, before any await: a concurrent claim's validator already sees the owner.
      machine.claim(agent.agentId);
      claimsRecording++;
      try {
        // A claim that lands while the escalation is still telling the customer and the agents writes after it.
        await run.afterEscalation();
        const lease = (await leaseSeconds()) ?? DEFAULT_CLAIM_LEASE_SECONDS;
        machine.startLease(Date.now() + lease * 1000);
        run.wake = true;
        // Only an auto-assignment asks the patch: an agent's own claim (every one recorded before) runs as it did.
        const auto = agent.auto === true && hasPatch('claim-records-auto-assignment');
        await run.record(
          'claimed',
          { agentId: agent.agentId, cycle: state.slaCycles, ...(auto ? { auto } : {}) },
          `claimed-${state.slaCycles}-${agent.agentId}`,
        );
      } finally {
        claimsRecording--;
      }
      return run.view();
    },
    {
      validator: (agent) => {
        const problem = claimProblem(
          {
            status: state.status,
            pool: state.sla?.pool ?? [],
            preferredAgent: state.preferredAgent ?? null,
            assignee: state.assignee ?? null,
          },
          agent,
        );
        if (problem) {
          const { code, message, ...details } = problem;
          throw fail(code, message, Object.keys(details).length ? details : undefined);
        }
      },
    },
  );

  setHandler(
    agentMessageUpdate,
    async (msg) => {
      const stored = await store.persistMessage({
        conversationId,
        authorKind: AuthorKind.AGENT,
        authorId: msg.agentId,
        body: msg.body,
        clientMessageId: msg.clientMessageId,
      });
      if (machine.engage()) run.wake = true;
      // A durable timer per batch of replies: if the customer has no widget open by then, one email carries them all.
      const emailAfter = run.input.replyEmailAfterSeconds ?? 0;
      if (stored.created && emailAfter > 0 && !state.replyEmail && hasPatch('reply-email-when-away')) {
        const repliedAt = Date.parse(stored.createdAt);
        state.replyEmail = { fromSeq: stored.seq, repliedAt, dueAt: Date.now() + emailAfter * 1000 };
        run.wake = true;
      }
      return { messageId: stored.messageId, seq: stored.seq, createdAt: stored.createdAt };
    },
    {
      validator: (msg) => {
        const problem = clientMessageIdProblem(msg?.clientMessageId) ?? messageBodyProblem(msg?.body);
        if (problem) throw fail('BAD_USER_INPUT', problem);
        requireAssignee(msg.agentId);
      },
    },
  );

  setHandler(
    releaseConversationUpdate,
    async (req) => {
      machine.release(req.agentId);
      await run.enterQueue('released', { agentId: req.agentId, reason: req.reason });
      return run.view();
    },
    { validator: (req) => requireAssignee(req.agentId) },
  );

  setHandler(
    transferConversationUpdate,
    async (req) => {
      if (req.toAgentId) {
        machine.transferToAgent(req.toAgentId);
        const p = await run.currentPolicy();
        machine.startLease(Date.now() + p.document.sla.claimLeaseSeconds[run.tier()] * 1000);
        run.wake = true;
        await run.record(
          'transferred',
          { from: req.agentId, toAgentId: req.toAgentId, reason: req.reason },
          `transfer-${req.agentId}-${req.toAgentId}-${Date.now()}`,
        );
      } else {
        await run.enterQueue(
          'transferred',
          { from: req.agentId, toTier: req.toTier, reason: req.reason },
          req.toTier ?? undefined,
        );
      }
      return run.view();
    },
    {
      validator: (req) => {
        requireAssignee(req.agentId);
        const problem = transferProblem(req);
        if (problem) throw fail('BAD_USER_INPUT', problem);
      },
    },
  );

  setHandler(
    resolveConversationUpdate,
    async (req) => {
      machine.resolveByAgent(req.agentId, await run.reopenUntil());
      run.wake = true;
      await store.recordResolution({
        conversationId,
        resolvedBy: 'AGENT',
        agentId: req.agentId,
        summary: req.summary,
        category: req.category ?? null,
        kbWorthy: req.kbWorthy ?? false,
      });
      await run.record(
        'resolved',
        {
          by: 'AGENT',
          agentId: req.agentId,
          summary: req.summary,
          category: req.category ?? null,
          kbWorthy: req.kbWorthy ?? false,
        },
        `resolved-${state.slaCycles}`,
      );
      // The learning loop: a KB-worthy answer, or one to a question the AI could not answer, may become an article.
      // Its own workflow (abandoned on close) so the review can take days without holding the conversation open.
      if (
        hasPatch('kb-suggestion-on-agent-resolution') &&
        (req.kbWorthy || state.escalation?.reason === 'LOW_CONFIDENCE')
      ) {
        startChild(knowledgeSuggestionWorkflow, {
          workflowId: knowledgeSuggestionWorkflowId(conversationId, state.slaCycles),
          args: [{ conversationId, kbWorthy: req.kbWorthy ?? false }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        }).catch((err: unknown) =>
          log.warn('knowledge suggestion not started', { conversationId, error: String(err) }),
        );
      }
      return run.view();
    },
    { validator: (req) => requireAssignee(req.agentId) },
  );
}
