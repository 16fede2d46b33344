/**
 * Domain vocabulary shared by the workflow, the activities, the services and the GraphQL layer.
 * Pure types and constants only: this file is loaded inside Temporal's workflow sandbox.
 */
export enum ConversationStatus {
  AI_ACTIVE = 'AI_ACTIVE',
  AWAITING_AGENT = 'AWAITING_AGENT',
  AGENT_ACTIVE = 'AGENT_ACTIVE',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}

export enum AuthorKind {
  CUSTOMER = 'CUSTOMER',
  AI = 'AI',
  AGENT = 'AGENT',
  SYSTEM = 'SYSTEM',
}

export type CustomerTier = 'FREE' | 'PRO' | 'ENTERPRISE';
export type Channel = 'web' | 'email' | 'api';

export interface PageContext {
  url?: string | null;
  route?: string | null;
  title?: string | null;
  errorMessage?: string | null;
}

export interface AiSource {
  id: string;
  title: string;
  score: number;
}

export interface AiAnswerMeta {
  confidence: number;
  sources: AiSource[];
}

/** What the acknowledgement of a stored message carries back to the caller. */
export interface StoredMessage {
  messageId: string;
  seq: number;
  createdAt: string;
  /** True when this id was stored before (a resend): the stored row, not this request, is the message. */
  resent?: boolean;
}

export const MAX_MESSAGE_LENGTH = 8000;
