import type { Runnable } from '@langchain/core/runnables';
import type { DataSource } from 'typeorm';
import type { AiSource } from '../../domain/conversation';
import type { TurnRequest, TurnResult } from '../ai/types';
import type { Principal } from '../auth/jwt';
import { storedConversation } from '../db/json/conversation-json';
import { forbidden } from '../errors';
import type { ConversationsService } from './conversations.service';

export interface ReplySuggestion {
  /** Written to the customer, for the agent to edit and send: greeting, the answer, the articles as links. */
  draft: string;
  /** The knowledge-base articles the draft rests on, best first. */
  sources: Array<AiSource & { url: string }>;
  confidence: number;
  /** The customer message the draft answers. */
  question: string | null;
  /** 'local' or 'openai': which answerer wrote it. */
  by: string;
}

/** The answerer's own attribution line: the draft lists its articles as links instead. */
const ATTRIBUTION = /\n*\(From our help article[^)]*\)\s*$/;
/** Below this the answerer has nothing worth sending: the draft acknowledges and says what happens next. */
const USABLE = 0.2;
const MAX_TURNS = 6;

/**
 * A draft reply for the agent handling a conversation (staff only; nothing is sent or stored): the customer's latest
 * question answered by the same answerer the AI uses (the knowledge base, or the model with AI_PROVIDER=openai, and
 * the customer's own billing for questions about their account), greeted by name, with the articles it rests on as
 * links; the handoff supplies where the customer is and their name when the record has none. Without an answer the
 * draft acknowledges and says what happens next.
 */
export class ReplySuggestionService {
  constructor(
    private readonly ds: DataSource,
    private readonly conversations: ConversationsService,
    private readonly answerer: Runnable<TurnRequest, TurnResult>,
    private readonly provider: string,
  ) {}

  /** `origin`: where the caller reached the API (its article pages are there). */
  async suggest(principal: Principal, conversationId: string, origin?: string): Promise<ReplySuggestion> {
    if (principal.role !== 'agent' && principal.role !== 'admin') throw forbidden('suggested replies are for staff');
    const conversation = await this.conversations.getConversation(principal, conversationId);
    const [customer]: Array<{ name: string | null }> = await this.ds.query('SELECT name FROM customers WHERE id = $1', [
      conversation.customerId,
    ]);
    const [me]: Array<{ name: string }> = await this.ds.query('SELECT name FROM agents WHERE id = $1', [principal.sub]);
    const turns: Array<{ body: string }> = await this.ds.query(
      `SELECT body FROM messages WHERE conversation_id = $1 AND author_kind = 'CUSTOMER' ORDER BY seq DESC LIMIT $2`,
      [conversation.id, MAX_TURNS],
    );
    const asked = turns.map((t) => t.body).reverse();
    const question = asked.at(-1) ?? null;
    const handoff = storedConversation.handoff(conversation.id, conversation.handoff);
    const result = question
      ? await this.answerer.invoke({
          question,
          customerId: conversation.customerId,
          previousTurns: asked.slice(0, -1),
          pageContext: handoff?.pageContext,
        })
      : null;
    const answered = !!result && (result.sources.length > 0 || result.confidence >= USABLE);
    const sources = answered ? result.sources.map((s) => ({ ...s, url: articleUrl(origin, s.id) })) : [];
    const firstName = (customer?.name ?? handoff?.account.name ?? '').trim().split(/\s+/)[0] || 'there';
    const body = answered
      ? result.answer.replace(ATTRIBUTION, '').trim()
      : "Thanks for your patience. I'm looking into this for you now and will get back to you here as soon as I can.";
    const links = sources.length ? `\n\n${sources.length > 1 ? 'These articles' : 'This article'} may help:\n` : '';
    const draft = [
      `Hi ${firstName},`,
      `${body}${links}${sources.map((s) => `- ${s.title}: ${s.url}`).join('\n')}`,
      `Best,\n${me?.name ?? principal.name ?? 'Support'}`,
    ].join('\n\n');
    return { draft, sources, confidence: result?.confidence ?? 0, question, by: this.provider };
  }
}

/** The API's public article page (GET /help/articles/:id), the same one the widget's source links open. */
const articleUrl = (origin: string | undefined, id: string) =>
  `${(origin ?? '').replace(/\/$/, '')}/help/articles/${encodeURIComponent(id)}`;
