import { log, ParentClosePolicy, patched, setHandler, startChild } from '@temporalio/workflow';
import type { Tier } from '../../domain/escalation';
import { DEFAULT_CLAIM_LEASE_SECONDS, DEFAULT_REOPEN_WINDOW_SECONDS } from '../../domain/policy/defaults';
import { agentEligible, type PolicySnapshot } from '../../domain/policy/sla';
import { knowledgeSuggestionWorkflow } from '../knowledge/knowledge-suggestion.workflow';
import { knowledgeSuggestionWorkflowId } from '../knowledge/knowledge.messages';
import { store } from './activity-proxies';
import {
  agentMessageUpdate,
  type CarriedConversationState,
  claimConversationUpdate,
  type ConversationStateView,
  releaseConversationUpdate,
  resolveConversationUpdate,
  transferConversationUpdate,
} from './conversation.messages';
import { AuthorKind, ConversationStatus } from '../../domain/conversation';
import { clientMessageIdProblem, messageBodyProblem } from '../../domain/message-rules';
import { fail } from '../common/failures';

export interface AgentHandlerDeps {
  conversationId: string;
  state: CarriedConversationState;
  tier(): Tier;
  view(): ConversationStateView;
  record(kind: string, data: Record<string, unknown>, dedupeKey: string): Promise<void>;
  enterQueue(kind: string, data: Record<string, unknown>, restrictTo?: 'TIER2' | 'LEAD'): Promise<void>;
  currentPolicy(): Promise<PolicySnapshot>;
  /** Timers changed: the main loop recomputes when to wake up. */
  wakeUp(): void;
}

/** What agents do to a conversation: claim (one winner), reply, release, transfer, resolve. */
export function registerAgentHandlers({
  conversationId,
  state,
  tier,
  view,
  record,
  enterQueue,
  currentPolicy,
  wakeUp,
}: AgentHandlerDeps): void {
  const requireAssignee = (agentId: string) => {
    if (state.status !== ConversationStatus.AGENT_ACTIVE || state.assignee !== agentId)
      throw fail('FORBIDDEN', 'only the assigned agent may do this');
  };

  setHandler(
    claimConversationUpdate,
    async (agent) => {
      if (state.status !== ConversationStatus.AWAITING_AGENT)
        throw fail('CONFLICT', 'conversation was claimed by another agent');
      // Taken synchronously, before any await: a concurrent claim's validator already sees the owner.
      state.status = ConversationStatus.AGENT_ACTIVE;
      state.assignee = agent.agentId;
      state.lastAssignee = agent.agentId;
      state.preferredAgent = null;
      const p = await currentPolicy().catch(() => null);
      const leaseS = p?.document.sla.claimLeaseSeconds[tier()] ?? DEFAULT_CLAIM_LEASE_SECONDS;
      state.leaseDueAt = Date.now() + leaseS * 1000;
      wakeUp();
      await record(
        'claimed',
        { agentId: agent.agentId, cycle: state.slaCycles },
        `claimed-${state.slaCycles}-${agent.agentId}`,
      );
      return view();
    },
    {
      validator: (agent) => {
        if (state.status === ConversationStatus.AGENT_ACTIVE)
          throw fail('CONFLICT', 'conversation was claimed by another agent');
        if (state.status !== ConversationStatus.AWAITING_AGENT)
          throw fail('CONFLICT', 'conversation is not waiting for an agent');
        const pool = state.sla?.pool ?? [];
        if (
          agent.agentId !== state.preferredAgent &&
          !agentEligible(pool, { tier: agent.agentTier, onCall: agent.onCall })
        ) {
          throw fail('FORBIDDEN', `not yet open to ${agent.agentTier} agents (open to ${pool.join(', ')})`);
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
      if (state.leaseDueAt) {
        state.leaseDueAt = null; // the agent has engaged: the claim holds
        wakeUp();
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
      state.lastAssignee = req.agentId;
      await enterQueue('released', { agentId: req.agentId, reason: req.reason });
      return view();
    },
    { validator: (req) => requireAssignee(req.agentId) },
  );

  setHandler(
    transferConversationUpdate,
    async (req) => {
      if (req.toAgentId) {
        state.assignee = req.toAgentId;
        state.lastAssignee = req.toAgentId;
        const p = await currentPolicy();
        state.leaseDueAt = Date.now() + p.document.sla.claimLeaseSeconds[tier()] * 1000;
        wakeUp();
        await record(
          'transferred',
          { from: req.agentId, toAgentId: req.toAgentId, reason: req.reason },
          `transfer-${req.agentId}-${req.toAgentId}-${Date.now()}`,
        );
      } else {
        await enterQueue(
          'transferred',
          { from: req.agentId, toTier: req.toTier, reason: req.reason },
          req.toTier ?? undefined,
        );
      }
      return view();
    },
    {
      validator: (req) => {
        requireAssignee(req.agentId);
        if (!req.toAgentId && !req.toTier) throw fail('BAD_USER_INPUT', 'name toAgentId or toTier');
        if (req.toAgentId === req.agentId) throw fail('BAD_USER_INPUT', 'cannot transfer to yourself');
      },
    },
  );

  setHandler(
    resolveConversationUpdate,
    async (req) => {
      const p = await currentPolicy();
      state.status = ConversationStatus.RESOLVED;
      state.resolvedBy = 'AGENT';
      state.lastAssignee = req.agentId;
      state.assignee = null;
      state.leaseDueAt = null;
      state.reopenUntil = Date.now() + (p.document.reopenWindowSeconds ?? DEFAULT_REOPEN_WINDOW_SECONDS) * 1000;
      wakeUp();
      await store.recordResolution({
        conversationId,
        resolvedBy: 'AGENT',
        agentId: req.agentId,
        summary: req.summary,
        category: req.category ?? null,
        kbWorthy: req.kbWorthy ?? false,
      });
      await record(
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
        patched('kb-suggestion-on-agent-resolution') &&
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
      return view();
    },
    { validator: (req) => requireAssignee(req.agentId) },
  );
}
