import type { PageContext } from '../../domain/conversation';
import { clientMessageIdProblem, isWellFormedText, messageBodyProblem } from '../../domain/message-rules';
import { badInput } from '../errors';

/** What a customer's message may carry into the API, and its checks before anything is stored or started. */

export interface StartConversationRequest {
  body: string;
  clientMessageId: string;
  pageContext?: PageContext | null;
}

export interface SendMessageRequest {
  conversationId: string;
  body: string;
  clientMessageId: string;
  pageContext?: PageContext | null;
}

const PAGE_FIELDS: Array<keyof PageContext> = ['url', 'route', 'title', 'errorMessage'];

export function cleanPageContext(pc: PageContext | null | undefined): PageContext {
  const out: PageContext = {};
  for (const k of PAGE_FIELDS) {
    const v = pc?.[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' || v.length > 2000)
      throw badInput(`pageContext.${k} must be a string of at most 2000 characters`);
    if (!isWellFormedText(v))
      throw badInput(`pageContext.${k} must be valid Unicode text (it has an unpaired surrogate)`);
    out[k] = v;
  }
  return out;
}

export function validateMessage(body: string, clientMessageId: string): void {
  const problem = clientMessageIdProblem(clientMessageId) ?? messageBodyProblem(body);
  if (problem) throw badInput(problem);
}
