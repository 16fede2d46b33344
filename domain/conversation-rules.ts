import { agentEligible } from './policy/sla';
import type { ConversationStatus } from './vocabulary';

/**
 * The business rules of acting on a conversation, each decided once. The workflow's update validators apply them
 * (they see the live state); services use the same functions only for what must be refused before any I/O.
 * Each returns the problem in words, or null.
 */

/** The customer says "that solved it": only while the AI has it or after a resolution. */
export function confirmResolvedProblem(status: ConversationStatus): string | null {
  if (status === 'AI_ACTIVE' || status === 'RESOLVED') return null;
  return status === 'CLOSED' ? 'conversation is closed' : 'a person is handling this conversation; they resolve it';
}

/** The winner of a claim asking again (a retried request): the same success, nothing changes. */
export function isRepeatedClaim(
  conversation: { status: ConversationStatus; assignee?: string | null },
  agentId: string,
): boolean {
  return conversation.status === 'AGENT_ACTIVE' && !!agentId && conversation.assignee === agentId;
}

/**
 * Who may claim a waiting conversation: one winner; the pool (or the preferred agent on a reopen). A loser's
 * CONFLICT names who holds it (`claimedBy`, the agent id; the API puts their name in the message); a conversation not
 * waiting at all says what it is instead (`status`).
 */
export function claimProblem(
  conversation: { status: ConversationStatus; pool: string[]; preferredAgent: string | null; assignee?: string | null },
  agent: { agentId: string; agentTier: string; onCall: boolean },
): { code: 'CONFLICT' | 'FORBIDDEN'; message: string; claimedBy?: string; status?: ConversationStatus } | null {
  if (isRepeatedClaim(conversation, agent.agentId)) return null;
  if (conversation.status === 'AGENT_ACTIVE')
    return conversation.assignee
      ? { code: 'CONFLICT', message: `Already claimed by ${conversation.assignee}`, claimedBy: conversation.assignee }
      : { code: 'CONFLICT', message: 'conversation was claimed by another agent' };
  if (conversation.status !== 'AWAITING_AGENT')
    return { code: 'CONFLICT', message: 'conversation is not waiting for an agent', status: conversation.status };
  const { pool } = conversation;
  if (
    agent.agentId !== conversation.preferredAgent &&
    !agentEligible(pool, { tier: agent.agentTier, onCall: agent.onCall })
  )
    return { code: 'FORBIDDEN', message: `not yet open to ${agent.agentTier} agents (open to ${pool.join(', ')})` };
  return null;
}

export const TRANSFER_TIERS = ['TIER2', 'LEAD'] as const;
export type TransferTier = (typeof TRANSFER_TIERS)[number];

/** A transfer names an agent other than the sender, or a tier above the first line. */
export function transferProblem(req: {
  agentId: string;
  toAgentId?: string | null;
  toTier?: string | null;
}): string | null {
  if (!req.toAgentId && !req.toTier) return 'name toAgentId or toTier';
  if (req.toTier && !TRANSFER_TIERS.includes(req.toTier as TransferTier)) return 'toTier must be TIER2 or LEAD';
  if (req.toAgentId === req.agentId) return 'cannot transfer to yourself';
  return null;
}

export const MAX_NOTE_LENGTH = 8000;

/** An internal note: some text, and the client's idempotency key. */
export function internalNoteProblem(note: { body?: unknown; clientNoteId?: unknown }): string | null {
  if (typeof note.body !== 'string' || note.body.trim().length === 0) return 'note body must not be empty';
  if (note.body.length > MAX_NOTE_LENGTH) return `note body must be at most ${MAX_NOTE_LENGTH} characters`;
  if (typeof note.clientNoteId !== 'string' || note.clientNoteId.trim().length === 0)
    return 'clientNoteId must not be empty';
  if (note.clientNoteId.length > 128) return 'clientNoteId must be at most 128 characters';
  return null;
}

/** Who may take over or reassign: LEAD agents and admins. */
export function supervisorProblem(actor: { role: string; tier?: string | null }): string | null {
  if (actor.role === 'admin' || (actor.role === 'agent' && actor.tier === 'LEAD')) return null;
  return 'only LEAD agents and admins may take over or reassign a conversation';
}

/**
 * A takeover or reassignment applies to an open conversation with people: waiting in the queue, or with an agent.
 * `to` is who would become the assignee.
 */
export function reassignProblem(
  conversation: { status: ConversationStatus },
  actor: { role: string; tier?: string | null },
): { code: 'FORBIDDEN' | 'CONFLICT'; message: string } | null {
  const who = supervisorProblem(actor);
  if (who) return { code: 'FORBIDDEN', message: who };
  if (conversation.status !== 'AWAITING_AGENT' && conversation.status !== 'AGENT_ACTIVE')
    return {
      code: 'CONFLICT',
      message:
        conversation.status === 'AI_ACTIVE'
          ? 'the AI has this conversation; nobody is waiting for a person'
          : 'conversation is not open (resolved or closed)',
    };
  return null;
}

/**
 * Who may close a conversation for good: the customer whose it is, its assignee, a LEAD agent, or an admin. Another
 * agent (one who does not hold it) may not: they release or transfer what is theirs, and close nothing else.
 */
export function closePermissionProblem(
  conversation: { assignee?: string | null; customerId: string },
  actor: { actorRole: 'customer' | 'agent' | 'admin'; actorId: string; actorTier?: string | null },
): string | null {
  if (actor.actorRole === 'customer')
    return actor.actorId === conversation.customerId ? null : 'only the customer whose conversation it is may close it';
  if (actor.actorRole === 'admin' || actor.actorTier === 'LEAD') return null;
  if (conversation.assignee && conversation.assignee === actor.actorId) return null;
  return 'only the assigned agent, a LEAD or an admin may close this conversation';
}

/** Closing: not twice, and only by those closePermissionProblem allows. */
export function closeProblem(
  conversation: { status: ConversationStatus; assignee?: string | null; customerId: string },
  actor: { actorRole: 'customer' | 'agent' | 'admin'; actorId: string; actorTier?: string | null },
): { code: 'BAD_USER_INPUT' | 'FORBIDDEN'; message: string } | null {
  if (conversation.status === 'CLOSED') return { code: 'BAD_USER_INPUT', message: 'conversation is already closed' };
  const denied = closePermissionProblem(conversation, actor);
  return denied ? { code: 'FORBIDDEN', message: denied } : null;
}
