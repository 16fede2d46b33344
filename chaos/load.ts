import { randomUUID } from 'node:crypto';
import type { Pool as PgPool } from 'pg';
import { CLAIM, customerFor, gql, GqlFailure, SEND, START, tokenFor } from '../bench/app-client';
import { ESCALATING_QUESTION, questionFor } from '../bench/questions';
import { pool, progress, sleep } from '../bench/report';
import { conversationIdFor } from '../src/services/ids';
import type { ChaosSystem } from './system';

/** How much a scenario drives through the public API while its fault hits. */
export interface LoadPlan {
  /** AI conversations, each sending `messagesEach` messages one after another (each acknowledged before the next). */
  conversations: number;
  messagesEach: number;
  /** Customers who ask for a person; an agent claims each as soon as it waits. */
  claims: number;
  /** Customers who ask for a person and are left waiting: their SLA ladder must climb. */
  ladderWaiting: number;
  /** Every mutation sent twice at once, and once more after its answer (same idempotency key). */
  duplicateMutations?: boolean;
  /** Pause between a conversation's messages (spreads the load over the fault). */
  gapMs?: number;
}

export interface AckedMessage {
  clientMessageId: string;
  seq: number;
}

/** One customer conversation of the run, as the client saw it. */
export interface DrivenConversation {
  id: string;
  customerId: string;
  kind: 'ai' | 'claimed' | 'waiting';
  /** Every message sent (by clientMessageId), acknowledged or not. */
  sent: string[];
  acked: AckedMessage[];
  claimedBy?: string;
  claimedAt?: number;
}

export interface LoadOutcome {
  conversations: DrivenConversation[];
  resends: number;
  duplicateAnswersDiffering: number;
  failures: string[];
}

const AGENTS = ['agt-1', 'agt-2'];

/** What a client does with UNAVAILABLE or a broken connection: the same request again (same idempotency key). */
function resendable(err: unknown): boolean {
  if (err instanceof GqlFailure) return err.code === 'UNAVAILABLE' || err.code === undefined;
  return err instanceof TypeError || err instanceof SyntaxError; // fetch failed; a half-written answer
}

export class LoadDriver {
  resends = 0;
  duplicateAnswersDiffering = 0;
  readonly failures: string[] = [];
  /** Called once an AI conversation exists (a widget may follow it from then on). */
  onStarted?: (c: DrivenConversation) => Promise<void>;
  private finished = false;
  private readonly convs: DrivenConversation[] = [];

  constructor(
    private readonly sys: ChaosSystem,
    private readonly pg: PgPool,
    private readonly plan: LoadPlan,
    private readonly deadlineMs = 180_000,
  ) {}

  /** Sends until an answer that is not "outcome unknown" arrives; any other error is the answer. */
  async resend<T>(token: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const deadline = Date.now() + this.deadlineMs;
    for (;;) {
      try {
        return await gql<T>(this.sys.apiPort(), token, query, variables);
      } catch (err) {
        if (!resendable(err) || Date.now() > deadline) throw err;
        this.resends++;
        await sleep(300);
      }
    }
  }

  /** A mutation as the scenario sends it: once, or (duplicates) twice at once and again after the answer. */
  private async mutate<T>(token: string, query: string, variables: Record<string, unknown>, key: (t: T) => string) {
    if (!this.plan.duplicateMutations) return this.resend<T>(token, query, variables);
    const [a, b] = await Promise.all([
      this.resend<T>(token, query, variables),
      this.resend<T>(token, query, variables),
    ]);
    const c = await this.resend<T>(token, query, variables);
    if (key(a) !== key(b) || key(a) !== key(c)) this.duplicateAnswersDiffering++;
    return a;
  }

  private async startConversation(c: DrivenConversation, body: string, clientMessageId: string): Promise<void> {
    c.sent.push(clientMessageId);
    const r = await this.mutate<{ startConversation: { id: string } }>(
      tokenFor('customer', c.customerId),
      START,
      { input: { body, clientMessageId } },
      (x) => x.startConversation.id,
    );
    if (r.startConversation.id !== c.id) throw new Error(`started ${r.startConversation.id}, expected ${c.id}`);
    c.acked.push({ clientMessageId, seq: 1 });
  }

  private newConversation(kind: DrivenConversation['kind'], i: number): { c: DrivenConversation; first: string } {
    const customerId = customerFor(i);
    const first = randomUUID();
    const c: DrivenConversation = { id: conversationIdFor(customerId, first), customerId, kind, sent: [], acked: [] };
    this.convs.push(c);
    return { c, first };
  }

  private async aiConversation(i: number): Promise<void> {
    const { c, first } = this.newConversation('ai', i);
    await this.startConversation(c, questionFor(i, 0), first);
    await this.onStarted?.(c);
    for (let k = 1; k < this.plan.messagesEach; k++) {
      if (this.plan.gapMs) await sleep(this.plan.gapMs);
      const clientMessageId = randomUUID();
      c.sent.push(clientMessageId);
      const r = await this.mutate<{ sendMessage: { seq: number } }>(
        tokenFor('customer', c.customerId),
        SEND,
        { input: { conversationId: c.id, body: questionFor(i, k), clientMessageId } },
        (x) => String(x.sendMessage.seq),
      );
      c.acked.push({ clientMessageId, seq: r.sendMessage.seq });
    }
  }

  /** Asks for a person; `claim`: an agent takes it the moment its row says it waits (often mid-escalation). */
  private async escalation(i: number, claim: boolean): Promise<void> {
    // Spread over the load, so claims keep landing while the fault hits.
    await sleep(i * (this.plan.gapMs ?? 0));
    const { c, first } = this.newConversation(claim ? 'claimed' : 'waiting', 1000 + i);
    await this.startConversation(c, ESCALATING_QUESTION, first);
    if (!claim) return;
    const deadline = Date.now() + this.deadlineMs;
    for (;;) {
      const r = await this.pg.query(`SELECT status FROM conversations WHERE id = $1`, [c.id]).catch(() => undefined);
      if (r?.rows[0]?.status === 'AWAITING_AGENT') break;
      if (Date.now() > deadline) throw new Error(`conversation ${c.id} never waited for an agent`);
      await sleep(20);
    }
    const agent = AGENTS[i % AGENTS.length];
    await this.mutate<{ claimConversation: { assignee: { id: string } | null } }>(
      tokenFor('agent', agent),
      CLAIM,
      { id: c.id },
      (x) => x.claimConversation.assignee?.id ?? '',
    );
    c.claimedBy = agent;
    c.claimedAt = Date.now();
  }

  /** True once every job of the plan has ended (the faults repeat until then). */
  get done(): boolean {
    return this.finished;
  }

  get driven(): DrivenConversation[] {
    return this.convs;
  }

  /** Runs the whole plan; failures are recorded (a scenario that could not drive its load fails), never thrown. */
  async run(): Promise<LoadOutcome> {
    const jobs: Array<() => Promise<void>> = [
      ...Array.from({ length: this.plan.conversations }, (_, i) => () => this.aiConversation(i)),
      ...Array.from({ length: this.plan.claims }, (_, i) => () => this.escalation(i, true)),
      ...Array.from({ length: this.plan.ladderWaiting }, (_, i) => () => this.escalation(this.plan.claims + i, false)),
    ];
    // Interleaved: the claims and the waiting conversations happen while the messages flow.
    const order = jobs.map((_, i) => i).sort((a, b) => (a % 3) - (b % 3) || a - b);
    await pool(order.length, order.length, async (k) => {
      try {
        await jobs[order[k]]();
      } catch (err) {
        this.failures.push(String(err));
        if (this.failures.length <= 3) progress(`  load: ${String(err)}`);
      }
    });
    this.finished = true;
    return {
      conversations: this.convs,
      resends: this.resends,
      duplicateAnswersDiffering: this.duplicateAnswersDiffering,
      failures: this.failures,
    };
  }
}
