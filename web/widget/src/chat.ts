import { GraphQLRequestError, postGraphQL } from './api/http';
import * as ops from './api/operations';
import type { Conversation, Message } from './api/operations';
import { currentPage, takeReplyLinkToken } from './page';
import { Realtime } from './realtime';
import { failureOf, Session, type GetToken } from './session';
import { Store } from './storage';
import { lastStoredSeq, mergeTimeline, resumeSeq, unreadAfter, type ViewMessage } from './timeline';
import { Typing } from './typing';

import type { ChatState } from './chat-state';

export type { ChatState, ViewMessage };

const newId = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

/** The customer's side of one conversation: session, history, live updates, sending, and what the UI shows. */
export class Chat {
  state: ChatState = {
    phase: 'starting',
    failure: null,
    online: true,
    open: false,
    conversation: null,
    messages: [],
    agentTyping: null,
    unread: 0,
    rated: false,
    busy: false,
    notice: null,
  };
  /** prepareConversation was sent for the conversation the next message starts (once per widget session). */
  private prepared = false;
  private readonly listeners = new Set<() => void>();
  private readonly session: Session;
  private readonly realtime: Realtime;
  private store: Store | null = null;
  private unsubscribe: Array<() => void> = [];
  private readonly typing = new Typing(
    (typing) => {
      const id = this.state.conversation?.id;
      return id ? this.call(ops.SET_TYPING, { id, typing }) : Promise.resolve();
    },
    (agentTyping) => this.set({ agentTyping }),
  );
  private lastReadSeq = 0;
  /** Conversation states taken from live events and action answers so far (see `load`). */
  private statesHeard = 0;
  private readonly onOnline = () => void this.backfill();
  private markReady: () => void = () => undefined;
  private readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    private readonly apiUrl: string,
    getToken: GetToken,
    allowVisitors = false,
  ) {
    this.session = new Session(
      `${apiUrl}/graphql`,
      getToken,
      allowVisitors ? `support-widget-visitor:${apiUrl}` : null,
    );
    this.session.onRenewed = () => this.realtime.reconnect();
    this.session.onFailed = (failure) => this.set({ phase: 'failed', failure });
    this.realtime = new Realtime(`${apiUrl.replace(/^http/, 'ws')}/graphql`, () => this.session.currentToken(), {
      reconnected: () => void this.backfill(),
      online: (online) => this.set({ online }),
    });
    addEventListener('online', this.onOnline);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch };
    const s = this.state;
    if (s.open) this.markRead();
    const unread = s.open ? 0 : unreadAfter(s.messages, this.lastReadSeq);
    if (unread !== s.unread) this.state = { ...this.state, unread };
    for (const l of this.listeners) l();
  }

  async start(): Promise<void> {
    try {
      await this.session.refresh();
    } catch (err) {
      this.set({ phase: 'failed', failure: failureOf(err) });
      return;
    }
    this.store = new Store(`support-widget:${this.apiUrl}:${this.session.customer!.id}`);
    const was = this.session.signedInFrom;
    if (was) {
      // The visitor signed in: their conversation (moved to this customer by the API) stays on screen.
      const visitorStore = new Store(`support-widget:${this.apiUrl}:${was}`);
      const v = visitorStore.load();
      if (v.conversationId && !this.store.load().conversationId) this.store.save({ conversationId: v.conversationId });
      visitorStore.save({ conversationId: null });
    }
    const saved = this.store.load();
    this.lastReadSeq = saved.lastReadSeq;
    const linked = await this.openReplyLink();
    const conversationId = linked ?? saved.conversationId;
    if (conversationId) {
      const loaded = await this.load(conversationId).catch(() => false);
      if (!loaded) this.store.save({ conversationId: null });
    }
    this.set({ phase: 'ready', ...(linked ? { open: true } : {}) });
    this.markReady();
    if (this.state.open) void this.prepare();
  }

  /** Landed from an emailed reply: that conversation, opened (the API checks the link is this customer's). */
  private async openReplyLink(): Promise<string | null> {
    const token = takeReplyLinkToken();
    if (!token) return null;
    try {
      const r = await this.call<ops.OpenReplyLinkResult>(ops.OPEN_REPLY_LINK, { token });
      this.store?.save({ conversationId: r.openReplyLink.id });
      return r.openReplyLink.id;
    } catch (err) {
      const expired = err instanceof GraphQLRequestError && err.reason === 'LINK_EXPIRED';
      this.set({ open: true, notice: expired ? 'linkExpired' : 'linkInvalid' });
      return null;
    }
  }

  setOpen(open: boolean): void {
    this.set({ open });
    if (open) void this.prepare();
  }

  /**
   * Opening the widget with no conversation under way starts gathering context (page, account, billing, history) on
   * the server, so the first answer does not wait for it; nothing starts until the customer writes.
   */
  private async prepare(): Promise<void> {
    const c = this.state.conversation;
    if (this.prepared || (c && c.status !== 'CLOSED')) return;
    this.prepared = true;
    await this.ready;
    if (this.state.phase !== 'ready') return;
    await this.call(ops.PREPARE_CONVERSATION, { pageContext: currentPage() }).catch(() => {
      this.prepared = false; // the first message gathers instead; the next opening tries again
    });
  }

  private markRead(): void {
    const max = lastStoredSeq(this.state.messages);
    if (max > this.lastReadSeq) {
      this.lastReadSeq = max;
      this.store?.save({ lastReadSeq: max });
    }
  }

  /** GraphQL over HTTP with our session token; renewed once and retried when the API says it is no longer valid. */
  private async call<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    try {
      return await postGraphQL<T>(
        `${this.apiUrl}/graphql`,
        query,
        variables,
        (await this.session.currentToken()) ?? '',
      );
    } catch (err) {
      if (!(err instanceof GraphQLRequestError) || err.code !== 'UNAUTHENTICATED') throw err;
      await this.session.refresh().catch((e: unknown) => {
        this.set({ phase: 'failed', failure: failureOf(e) });
        throw e;
      });
      return postGraphQL<T>(`${this.apiUrl}/graphql`, query, variables, this.session.token ?? '');
    }
  }

  /** A stored conversation and every message after `afterSeq` (all of them at first), a page at a time. */
  private async load(id: string, afterSeq = 0): Promise<boolean> {
    let after = afterSeq;
    const shown = this.state.conversation?.id ?? null;
    for (;;) {
      const heard = this.statesHeard;
      const r = await this.call<ops.ConversationWithMessagesResult>(ops.CONVERSATION_WITH_MESSAGES, {
        id,
        afterSeq: after,
      });
      // The customer moved on to another conversation (or a new one) while this was read: it is not to be shown.
      const now = this.state.conversation?.id ?? null;
      if (now !== shown && now !== id) return false;
      const c = r.conversation;
      if (!c || c.status === 'CLOSED') return false;
      const { messages, ...conversation } = c;
      const nodes = messages.edges.map((e) => e.node);
      // A live state heard while this read was in flight may be newer than it (the agent joined): that one stays.
      this.merge(nodes, this.statesHeard === heard ? conversation : undefined);
      if (!messages.pageInfo.hasNextPage || nodes.length === 0) break;
      after = nodes[nodes.length - 1].seq;
    }
    if (this.unsubscribe.length === 0) this.follow(id, resumeSeq(this.state.messages));
    return true;
  }

  /** Live from the last message loaded: the API first gives what was stored since, so nothing falls in between. */
  private follow(id: string, afterSeq: number): void {
    this.unsubscribe = [
      this.realtime.subscribe<ops.MessageAddedResult>(ops.MESSAGE_ADDED, { id, afterSeq }, (d) =>
        this.merge([d.messageAdded]),
      ),
      this.realtime.subscribe<ops.ConversationUpdatedResult>(ops.CONVERSATION_UPDATED, { id }, (d) =>
        this.newState(d.conversationUpdated),
      ),
      this.realtime.subscribe<ops.TypingChangedResult>(ops.TYPING_CHANGED, { id }, (d) => {
        const e = d.typingChanged;
        if (e.authorKind === 'AGENT') this.typing.agent(e.typing ? (e.name ?? '') : null);
      }),
    ];
  }

  private async backfill(): Promise<void> {
    const id = this.state.conversation?.id;
    if (!id || this.state.phase !== 'ready') return;
    await this.load(id, resumeSeq(this.state.messages)).catch(() => undefined);
  }

  /** A state pushed live or answered to an action: a load whose read began before it does not replace it. */
  private newState(conversation: Conversation): void {
    this.statesHeard++;
    this.merge([], conversation);
  }

  private merge(incoming: Message[], conversation?: Conversation): void {
    const agentSpoke = incoming.some((m) => m.authorKind === 'AGENT');
    this.set({
      messages: mergeTimeline(this.state.messages, incoming),
      conversation: conversation ?? this.state.conversation,
      agentTyping: agentSpoke ? null : this.state.agentTyping,
    });
  }

  private outgoing: Promise<void> = Promise.resolve();

  async send(body: string, retryOf?: ViewMessage): Promise<void> {
    const text = body.trim();
    if (!text || this.state.phase === 'failed') return;
    const clientMessageId = retryOf?.clientMessageId ?? newId();
    const local: ViewMessage = {
      id: clientMessageId,
      seq: Number.MAX_SAFE_INTEGER,
      authorKind: 'CUSTOMER',
      authorName: null,
      body: text,
      clientMessageId,
      createdAt: new Date().toISOString(),
      ai: null,
      pending: true,
    };
    const others = this.state.messages.filter((m) => m.clientMessageId !== clientMessageId);
    this.set({ messages: [...others, local] });
    this.typing.sent();
    // One at a time, in the order typed: a message typed while the first one is still opening the conversation goes
    // into that conversation (not a new one of its own), and quick messages are stored in the order they were sent.
    const sending = this.outgoing.then(() => this.deliver(text, clientMessageId));
    this.outgoing = sending;
    return sending;
  }

  private async deliver(text: string, clientMessageId: string): Promise<void> {
    try {
      await this.ready; // a message typed while the session starts goes out once it is up
      const c = this.state.conversation;
      if (!c || c.status === 'CLOSED') {
        const r = await this.call<ops.StartConversationResult>(ops.START_CONVERSATION, {
          input: { body: text, clientMessageId, pageContext: currentPage() },
        });
        this.store?.save({ conversationId: r.startConversation.id });
        this.stopFollowing();
        this.set({ conversation: r.startConversation, rated: false });
        await this.load(r.startConversation.id);
      } else {
        const r = await this.call<ops.SendMessageResult>(ops.SEND_MESSAGE, {
          input: { conversationId: c.id, body: text, clientMessageId, pageContext: currentPage() },
        });
        this.merge([r.sendMessage]);
      }
    } catch {
      this.set({
        messages: this.state.messages.map((m) =>
          m.clientMessageId === clientMessageId && m.pending ? { ...m, failed: true } : m,
        ),
      });
    }
  }

  private stopFollowing(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
  }

  /** The customer typed in the composer (see Typing: throttled, and "stopped" when emptied). */
  typed(text: string): void {
    const id = this.state.conversation?.id;
    if (!id || this.state.conversation?.status === 'CLOSED') return;
    this.typing.typed(text);
  }

  private async act<T>(run: () => Promise<T>): Promise<T | undefined> {
    this.set({ busy: true });
    try {
      return await run();
    } catch {
      return undefined;
    } finally {
      this.set({ busy: false });
    }
  }

  async requestHuman(): Promise<void> {
    const id = this.state.conversation?.id;
    if (!id) return;
    const r = await this.act(() => this.call<ops.RequestHumanResult>(ops.REQUEST_HUMAN, { id }));
    if (r) this.newState(r.requestHuman);
  }

  async confirmResolved(): Promise<void> {
    const id = this.state.conversation?.id;
    if (!id) return;
    const r = await this.act(() => this.call<ops.ConfirmResolvedResult>(ops.CONFIRM_RESOLVED, { id }));
    if (r) this.newState(r.confirmResolved);
  }

  async rate(score: number): Promise<void> {
    const id = this.state.conversation?.id;
    if (!id) return;
    const ok = await this.act(async () => {
      try {
        await this.call(ops.RATE_CONVERSATION, { id, score });
      } catch (err) {
        if (!(err instanceof GraphQLRequestError && err.code === 'CONFLICT')) throw err; // rated already: same outcome
      }
      return true;
    });
    if (!ok) return;
    this.store?.save({ rated: [...(this.store.load().rated ?? []), id].slice(-50) });
    this.set({ rated: true });
  }

  isRated(): boolean {
    const id = this.state.conversation?.id;
    return this.state.rated || (!!id && !!this.store?.load().rated.includes(id));
  }

  /** Forget the finished conversation: the next message starts a new one. */
  newConversation(): void {
    this.stopFollowing();
    this.store?.save({ conversationId: null });
    this.prepared = false;
    this.set({ conversation: null, messages: [], agentTyping: null, rated: false, notice: null });
    if (this.state.open) void this.prepare();
  }

  destroy(): void {
    removeEventListener('online', this.onOnline);
    this.stopFollowing();
    this.session.stop();
    this.realtime.dispose();
  }
}
