import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Channel, ConversationStatus, CustomerTier, PageContext, StoredMessage } from './conversation.types';

/** Imported by the client (services) and by the workflow alike. */
export const CONVERSATION_WORKFLOW_TYPE = 'conversationWorkflow';

export interface ConversationWorkflowInput {
  conversationId: string;
  customerId: string;
  channel: Channel;
  pageContext: PageContext;
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

export interface CarriedConversationState {
  status: ConversationStatus;
  tier?: CustomerTier;
  /** Recent client message ids, so a resend after continue-as-new still gets no second AI turn. */
  recentClientMessageIds: string[];
  pending: PendingTurn[];
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
  reason?: string;
}

export interface ConversationStateView {
  status: ConversationStatus;
  tier?: CustomerTier;
  customerTurns: number;
  aiReplies: number;
  pendingTurns: number;
  run: number;
}

export const sendCustomerMessageUpdate = defineUpdate<StoredMessage, [SendCustomerMessageInput]>('sendCustomerMessage');
export const closeConversationUpdate = defineUpdate<ConversationStateView, [CloseConversationInput]>('closeConversation');
export const conversationStateQuery = defineQuery<ConversationStateView>('conversationState');
