/**
 * Conversations and messages: page context, AI answer metadata, the acknowledgement of a stored message.
 * Pure types and constants only: this file is loaded inside Temporal's workflow sandbox.
 */
export { AuthorKind, ConversationStatus } from './vocabulary';
export type { Channel } from './vocabulary';
/** The customer's tier (the CRM decides it). */
export type { Tier as CustomerTier } from './vocabulary';

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
  /** The customer message this answers (absent on answers stored before it was recorded). */
  inReplyToSeq?: number;
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
