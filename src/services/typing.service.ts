import type { DataSource } from 'typeorm';
import type { Principal } from '../auth/jwt';
import { filterIterator, TYPING_CHANNEL, typingTopic, type TypingBus, type TypingEvent } from '../events/typing';
import { forbidden } from '../errors';
import type { AgentDeskService } from './agent-desk.service';
import type { ConversationsService } from './conversations.service';

/** Repeats of the same "typing" from one sender within this window are dropped here, whatever the client does. */
const MIN_INTERVAL_MS = 1000;

/**
 * "I'm typing", both ways, ephemeral: pg_notify to every API replica, nothing stored. The customer signals on their
 * own conversation; an agent on a conversation they own.
 */
export class TypingService {
  private readonly lastSent = new Map<string, { typing: boolean; at: number }>();

  constructor(
    private readonly ds: DataSource,
    private readonly bus: TypingBus,
    private readonly conversations: ConversationsService,
    private readonly desk: AgentDeskService,
  ) {}

  async signal(principal: Principal, conversationId: string, typing: boolean): Promise<boolean> {
    const conversation = await this.conversations.getConversation(principal, conversationId);
    let name: string | null;
    if (principal.role === 'agent') {
      const agent = await this.desk.agentOf(principal);
      if (conversation.assigneeId !== agent.id) throw forbidden('only the assigned agent types to the customer');
      name = agent.name;
    } else if (principal.role === 'customer') {
      name = principal.name ?? null;
    } else throw forbidden('only the customer and the assigned agent type in a conversation');

    const key = `${principal.sub}:${conversationId}`;
    const now = Date.now();
    const last = this.lastSent.get(key);
    if (last && last.typing === typing && now - last.at < MIN_INTERVAL_MS) return true;
    this.lastSent.set(key, { typing, at: now });
    if (this.lastSent.size > 10_000) this.lastSent.clear(); // a bound, not a cache: losing it costs one extra notify

    const event: TypingEvent = {
      conversationId,
      authorKind: principal.role === 'agent' ? 'AGENT' : 'CUSTOMER',
      authorId: principal.sub,
      name,
      typing,
      at: new Date(now).toISOString(),
    };
    await this.ds.query('SELECT pg_notify($1, $2)', [TYPING_CHANNEL, JSON.stringify(event)]);
    return true;
  }

  /** The other side's typing in a conversation the caller may read (their own signals are left out). */
  async follow(principal: Principal, conversationId: string): Promise<AsyncIterableIterator<TypingEvent>> {
    await this.conversations.getConversation(principal, conversationId);
    return filterIterator(this.bus.events.subscribe(typingTopic(conversationId)), (e) => e.authorId !== principal.sub);
  }
}
