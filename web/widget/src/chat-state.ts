import type { Conversation } from './api/operations';
import type { SessionFailure } from './session';
import type { ViewMessage } from './timeline';

/** What the widget's UI shows of one conversation; Chat (chat.ts) owns and changes it. */
export interface ChatState {
  phase: 'starting' | 'ready' | 'failed';
  failure: SessionFailure | null;
  online: boolean;
  open: boolean;
  conversation: Conversation | null;
  messages: ViewMessage[];
  agentTyping: string | null;
  unread: number;
  rated: boolean;
  busy: boolean;
  /** An emailed link that could not be opened: expired, or not this customer's. */
  notice: 'linkExpired' | 'linkInvalid' | null;
}
