import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AlwaysHumanCategory, EscalationTrigger, TriggerEvaluation } from '../../domain/escalation';
import type { LadderStep } from '../../domain/policy/sla';
import type { Channel, ConversationStatus, CustomerTier, PageContext, StoredMessage } from '../../domain/conversation';

/** Imported by the client (services) and by the workflow alike. */
export const CONVERSATION_WORKFLOW_TYPE = 'conversationWorkflow';

export interface ConversationWorkflowInput {
  conversationId: string;
  customerId: string;
  channel: Channel;
  pageContext: PageContext;
  /** The widget session whose context prefetch this conversation consumed: the first turn adopts it. */
  prefetchSessionId?: string;
  /**
   * The API gathers this conversation's context after starting it and records it with the conversation (no prefetch
   * was ready): the first turn does not gather; the context is read back when next needed (absent: the first turn
   * gathers, as runs started before did).
   */
  contextFromStart?: boolean;
  /**
   * The starting customer's tier from our customers table, read by the API at start: the first decision reads it
   * without waiting for the context sources (absent from runs started before).
   */
  customerTier?: CustomerTier;
  /** The starting customer's plan ("Pro", "Growth"), read with the tier: answers add what the article says about it. */
  customerPlan?: string;
  /** Agent replies are emailed when the customer has had no widget open this long after them (0/absent: never). */
  replyEmailAfterSeconds?: number;
  /**
   * The AI answers inside the workflow task, as a local activity (the local AI: milliseconds of CPU, no model
   * provider to wait on); absent or false, as a regular activity that heartbeats (a model provider). Set by the API
   * from AI_PROVIDER; absent from runs started before.
   */
  aiInWorkflowTask?: boolean;
  /** Continue-as-new after this many customer turns in one run (0/undefined: when Temporal suggests it). */
  continueAsNewAfterTurns?: number;
  /** State handed from the previous run on continue-as-new. */
  carried?: CarriedConversationState;
}

export interface PendingTurn {
  messageId: string;
  seq: number;
  body: string;
  pageContext?: PageContext;
}

export interface EscalationRecord {
  reason: EscalationTrigger;
  category: AlwaysHumanCategory | null;
  triggers: TriggerEvaluation[];
  confidence: number | null;
  sentiment: number | null;
  policyVersion: number;
  at: string;
}

/** One waiting period in the queue: from escalation (or a return to the queue) until a claim. */
export interface SlaCycle {
  cycle: number;
  startedAt: number;
  deadline: number;
  steps: LadderStep[];
  /** A transfer to a tier narrows the pool to that tier (and what the ladder adds). */
  restrictTo?: 'TIER2' | 'LEAD';
  pool: string[];
}

export interface CarriedConversationState {
  status: ConversationStatus;
  tier?: CustomerTier;
  escalation?: EscalationRecord;
  sla?: SlaCycle;
  slaCycles: number;
  assignee?: string | null;
  lastAssignee?: string | null;
  preferredAgent?: string | null;
  /** Epoch ms by which the assignee must send a first message, else the conversation returns to the queue. */
  leaseDueAt?: number | null;
  /** Epoch ms until which a customer message reopens a resolved conversation. */
  reopenUntil?: number | null;
  aiTurnsOnProblem: number;
  /** The customer's recent turns, oldest first: what the analysis of the next turn reads as context. */
  recentTurns: string[];
  billingActions?: BillingActionState[];
  priority?: number;
  /** Epoch ms of the customer's last message: an AI-only conversation quiet for long enough is resolved by the AI. */
  lastCustomerAt?: number;
  /**
   * How long that quiet is, from the policy the last AI turn worked under: the next run has no policy loaded until
   * its first turn, and would otherwise wait the default. Absent in state carried by older runs.
   */
  aiResolvedAfterInactivitySeconds?: number;
  resolvedBy?: 'AI' | 'AGENT' | null;
  reopens?: number;
  /** Recent client message ids, so a resend after continue-as-new still gets no second AI turn. */
  recentClientMessageIds: string[];
  pending: PendingTurn[];
  /**
   * The API may have stored messages parked for this conversation (it was due to answer; see the parked-messages
   * migration): the workflow takes them once it has nothing pending.
   */
  mayHaveParked?: boolean;
  /** The highest seq a take of parked messages returned: the next take says so, and gets only what came after. */
  parkedTakenThrough?: number;
  /** The customer the conversation belongs to now, when not input.customerId (a visitor who signed in). */
  owner?: string;
  /** Agent replies waiting to be emailed if the customer stays away: from which seq, since when, due when (ms). */
  replyEmail?: { fromSeq: number; repliedAt: number; dueAt: number } | null;
  customerTurns: number;
  aiReplies: number;
  run: number;
}

export interface SendCustomerMessageInput {
  clientMessageId: string;
  body: string;
  /** The page the widget is on when this message is sent (optional; the start context otherwise). */
  pageContext?: PageContext;
}

export interface CloseConversationInput {
  actorId: string;
  actorRole: 'customer' | 'agent' | 'admin';
  /** An agent's tier (read from the database by the API): a LEAD may close what is not theirs. */
  actorTier?: string | null;
  reason?: string;
}

export interface ConversationStateView {
  status: ConversationStatus;
  /** Whose conversation it is (changes when an anonymous visitor signs in). */
  customerId?: string;
  tier?: CustomerTier;
  assignee: string | null;
  escalationReason: EscalationTrigger | null;
  pool: string[];
  customerTurns: number;
  aiReplies: number;
  pendingTurns: number;
  run: number;
}

export const sendCustomerMessageUpdate = defineUpdate<StoredMessage, [SendCustomerMessageInput]>('sendCustomerMessage');

/** A customer message the API has stored already (numbered, published): the workflow only takes its turn. */
export interface StoredCustomerMessage extends PendingTurn {
  clientMessageId: string;
  /**
   * The conversation is due after this message: messages that follow are parked for the workflow to take (no signal
   * each) until it finds none left. Absent from APIs before parking.
   */
  due?: boolean;
}

/**
 * The message path: the API stores the message in PostgreSQL and signals it here; a signal is durable once Temporal
 * has answered, so the customer's acknowledgement waits for no workflow task. Delivered again until it arrives (the
 * API's outbox), taken once (by clientMessageId). The update above stays for histories and runs from before.
 */
export const customerMessageStoredSignal = defineSignal<[StoredCustomerMessage]>('customerMessageStored');
export const closeConversationUpdate = defineUpdate<ConversationStateView, [CloseConversationInput]>(
  'closeConversation',
);
export const conversationStateQuery = defineQuery<ConversationStateView>('conversationState');

/** An anonymous visitor signed in as `customerId`: the conversation is theirs from now on, nothing else changes. */
export interface ChangeOwnerInput {
  fromCustomerId: string;
  customerId: string;
}
export const changeOwnerUpdate = defineUpdate<ConversationStateView, [ChangeOwnerInput]>('changeOwner');

export interface AgentRef {
  agentId: string;
  agentTier: string;
  onCall: boolean;
}

/** A claim: the agent's own, or one the policy's auto-assignment made for them (`auto`). */
export interface ClaimInput extends AgentRef {
  auto?: boolean;
}

export interface AgentMessageInput {
  agentId: string;
  clientMessageId: string;
  body: string;
}

export interface ReleaseInput {
  agentId: string;
  reason: string;
}

export interface TransferInput {
  agentId: string;
  toAgentId?: string | null;
  toTier?: 'TIER2' | 'LEAD' | null;
  reason: string;
}

export interface ResolveInput {
  agentId: string;
  summary: string;
  category?: string | null;
  kbWorthy?: boolean | null;
}

/** The customer says "that solved it". */
export const confirmResolvedUpdate = defineUpdate<ConversationStateView, [{ customerId: string }]>('confirmResolved');
export const requestHumanUpdate = defineUpdate<ConversationStateView, [{ customerId: string }]>('requestHuman');
export const claimConversationUpdate = defineUpdate<ConversationStateView, [ClaimInput]>('claimConversation');
export const agentMessageUpdate = defineUpdate<StoredMessage, [AgentMessageInput]>('sendAgentMessage');
export const releaseConversationUpdate = defineUpdate<ConversationStateView, [ReleaseInput]>('releaseConversation');
export const transferConversationUpdate = defineUpdate<ConversationStateView, [TransferInput]>('transferConversation');
export const resolveConversationUpdate = defineUpdate<ConversationStateView, [ResolveInput]>('resolveConversation');
export interface AddInternalNoteInput {
  authorId: string;
  authorName: string;
  clientNoteId: string;
  body: string;
}

export interface StoredNote {
  noteId: string;
  createdAt: string;
  /** False when a note with this clientNoteId existed already (a retry): nothing was written. */
  created: boolean;
}

/** A LEAD agent or an admin acting on someone else's conversation; the validator checks the role again. */
export interface SupervisorRef {
  actorId: string;
  actorRole: 'agent' | 'admin';
  actorTier: string | null;
}

export interface TakeOverInput extends SupervisorRef {
  /** Who becomes the assignee: the actor (an agent id). */
  agentId: string;
}

export interface ReassignInput extends SupervisorRef {
  toAgentId: string;
}

/** Staff only: never in the transcript, never read by the AI; stored through an activity, published to staff. */
export const addInternalNoteUpdate = defineUpdate<StoredNote, [AddInternalNoteInput]>('addInternalNote');
/** LEAD agents and admins: become the assignee of a waiting conversation or of another agent's. */
export const takeOverConversationUpdate = defineUpdate<ConversationStateView, [TakeOverInput]>('takeOverConversation');
/** LEAD agents and admins: give an open conversation to a named agent. */
export const reassignConversationUpdate = defineUpdate<ConversationStateView, [ReassignInput]>('reassignConversation');
/** Sent to waiting conversations when an admin publishes a new policy version: their timers follow it. */
export const policyChangedSignal = defineSignal<[{ version: number }]>('policyChanged');

export type BillingActionKind = 'REFUND' | 'CREDIT';
export type BillingActionStatus = 'PROPOSED' | 'EXECUTED' | 'FAILED' | 'REJECTED';

export interface ProposeBillingActionInput {
  actionId: string;
  agentId: string;
  kind: BillingActionKind;
  amountCents: number;
  currency: string;
  reason: string;
  chargeId?: string | null;
}

export interface ApproveBillingActionInput {
  actionId: string;
  agentId: string;
  agentSkills: string[];
}

export interface RejectBillingActionInput {
  actionId: string;
  agentId: string;
  reason: string;
}

export interface BillingActionState {
  id: string;
  kind: BillingActionKind;
  status: BillingActionStatus | 'EXECUTING';
  amountCents: number;
  currency: string;
  chargeId: string | null;
  proposedBy: string;
  stripeId: string | null;
}

/** Proposals never move money; an approval by a second agent with the billing skill executes it, exactly once. */
export const proposeBillingActionUpdate = defineUpdate<BillingActionState, [ProposeBillingActionInput]>(
  'proposeBillingAction',
);
export const approveBillingActionUpdate = defineUpdate<BillingActionState, [ApproveBillingActionInput]>(
  'approveBillingAction',
);
export const rejectBillingActionUpdate = defineUpdate<BillingActionState, [RejectBillingActionInput]>(
  'rejectBillingAction',
);
/** A billing event for this customer (from the Stripe webhook), e.g. a failed payment raises the priority. */
export const billingEventSignal = defineSignal<[{ eventId: string; type: string }]>('billingEvent');
