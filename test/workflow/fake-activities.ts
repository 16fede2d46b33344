import { readFileSync } from 'node:fs';
import path from 'node:path';
import { activityInfo } from '@temporalio/activity';
import type { Activities } from '../../activities';

/**
 * Plain-function stand-ins for the activities the conversation workflow calls: no database, no AI, no Temporal
 * beyond the worker. Each conversation gets its own FakeConversation (found by the calling workflow's id), which
 * serves the policy and the AI's answers the test chose, and records every call with the wall-clock time it arrived.
 */

export type PolicySnapshot = Awaited<ReturnType<Activities['loadEscalationPolicy']>>;
export type PolicyDocument = PolicySnapshot['document'];
export type Tier = PolicyDocument['tiers'][number];
export type TurnResult = Awaited<ReturnType<Activities['generateAiReply']>>;
export type AiRequest = Parameters<Activities['generateAiReply']>[0];
type StateChange = Parameters<Activities['recordConversationState']>[0];
type Notification = Parameters<Activities['notifyAgents']>[0];
type StoredMessage = Parameters<Activities['persistMessage']>[0];
type Resolution = Parameters<Activities['recordResolution']>[0];

const demoPolicy: PolicyDocument = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'data', 'demo', 'policy.json'), 'utf8'),
);

/** The demo policy with times in seconds, the same for every tier, so a test watches a rule play out. */
export function fastPolicy(
  sla: { timeToClaimSeconds?: number; claimLeaseSeconds?: number } = {},
  more: Partial<PolicyDocument> = {},
): PolicyDocument {
  const perTier = (n: number) => ({ FREE: n, PRO: n, ENTERPRISE: n });
  return {
    ...demoPolicy,
    sla: {
      ...demoPolicy.sla,
      timeToClaimSeconds: perTier(sla.timeToClaimSeconds ?? 2),
      claimLeaseSeconds: perTier(sla.claimLeaseSeconds ?? 60),
      ladder: [
        { atPercent: 50, action: 'WARN' },
        { atPercent: 100, action: 'WIDEN_TO_TIER2' },
        { atPercent: 150, action: 'PAGE_LEAD_ONCALL' },
      ],
    },
    ...more,
  };
}

/** What the AI activity returns for one turn: a confident answer to a new problem unless told otherwise. */
export function aiTurn(
  opts: { confidence?: number; continuesPrevious?: boolean; explicitRequest?: boolean; answer?: string } = {},
): TurnResult {
  const confidence = opts.confidence ?? 0.9;
  return {
    answer: opts.answer ?? 'Open the dashboard, then Share, then Export as PDF.',
    confidence,
    sources: [{ id: 'kb-001', title: 'Exporting dashboards', score: 1 }],
    signals: {
      explicitRequest: {
        detected: !!opts.explicitRequest,
        evidence: opts.explicitRequest ? 'asked for a person' : null,
      },
      category: { category: null, score: 0, evidence: null },
      frustration: { score: 0, signals: [], evidence: null },
      answer: { confidence, articleId: 'kb-001', evidence: null },
      problem: { continuesPrevious: !!opts.continuesPrevious, smallTalk: false },
    },
  };
}

/** The default AI: a message that mentions a person asks for one; anything else gets a confident answer. */
const defaultAi = (req: AiRequest): TurnResult => aiTurn({ explicitRequest: /\bperson\b/i.test(req.question) });

export interface RecordedEvent {
  kind: string;
  data: Record<string, any>;
  /** Wall-clock ms when the activity ran. */
  at: number;
  /** The workflow run that wrote it (continue-as-new starts a new one). */
  runId: string;
  /** The read model the workflow wrote with the event. */
  status?: string;
  assigneeId?: string | null;
  queuePool?: string[];
  preferredAgentId?: string | null;
  /** The key the store records the event under once (ON CONFLICT … DO NOTHING), as the workflow gave it. */
  dedupeKey?: string;
}

export interface RecordedMessage {
  seq: number;
  authorKind: string;
  authorId: string | null;
  body: string;
  clientMessageId: string;
  at: number;
}

export interface RecordedNotification extends Notification {
  at: number;
}

/** One conversation's side of the fake backend. */
export class FakeConversation {
  private version = 1;
  policy: PolicySnapshot;
  /** What gatherContext reports as the customer's tier. */
  tier: Tier = 'FREE';
  ai: (req: AiRequest) => TurnResult = defaultAi;
  readonly events: RecordedEvent[] = [];
  readonly messages: RecordedMessage[] = [];
  readonly notifications: RecordedNotification[] = [];
  /** When set, every notification attempt fails (a sink that is down for good); each attempt is counted. */
  notificationsFail = false;
  notificationAttempts = 0;
  /** Until this wall-clock ms, every read and write of the database fails (PostgreSQL refusing connections). */
  databaseDownUntil = 0;
  /** Attempts that met the database down. */
  databaseRefusals = 0;
  /** The database goes down for this long when an escalation first reads the queue or builds the handoff. */
  outageAtEscalationMs = 0;
  readonly aiRequests: AiRequest[] = [];
  /** How each AI call ran: inside the workflow task (a local activity) or as a regular activity. */
  readonly aiCalls: Array<'local' | 'activity'> = [];
  /** Each call answering several messages at once: its requests, as generateAiReply would have received them. */
  readonly aiBursts: AiRequest[][] = [];
  /** How long each AI activity takes (a slow model: messages pile up meanwhile). */
  aiDelayMs = 0;
  /**
   * Messages the API parked for the workflow to take (see takeParkedMessages): a take drops those up to the seq it
   * says it holds and returns the rest, as the store does.
   */
  parked: Array<Awaited<ReturnType<Activities['takeParkedMessages']>>[number]> = [];
  /** How many times the workflow looked for parked messages, and the `after` each look sent. */
  parkedTakes = 0;
  readonly parkedTakenAfter: number[] = [];
  /** How long gatherContext takes; when it last answered (ms); how many times it ran. */
  contextDelayMs = 0;
  contextAt = 0;
  contextGathers = 0;
  /**
   * The tier of the context the API recorded at the start (contextFromStart), as adoptRecordedContext reads it back;
   * null while it is not recorded (the API still gathering, or gone). Each read back is counted.
   */
  recordedTier: Tier | null = null;
  recordedReads = 0;
  readonly resolutions: Resolution[] = [];
  private waiters: Array<() => void> = [];

  constructor(policy: PolicyDocument) {
    this.policy = { version: this.version, document: policy };
  }

  /** A new policy version, as an admin publishing one would make it: loadEscalationPolicy serves it from now on. */
  publish(document: PolicyDocument): PolicySnapshot {
    this.policy = { version: ++this.version, document };
    return this.policy;
  }

  eventsOf(kind: string): RecordedEvent[] {
    return this.events.filter((e) => e.kind === kind);
  }

  /** Resolves once `probe` returns something (checked after every recorded call); fails after `timeoutMs`. */
  async until<T>(probe: () => T | undefined | null | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v !== undefined && v !== null && v !== false) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${what} not met in ${timeoutMs} ms; events: ${this.describe()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the next event of this kind after the first `after` of them. */
  nextEvent(kind: string, after = 0, timeoutMs?: number): Promise<RecordedEvent> {
    return this.until(() => this.eventsOf(kind)[after], timeoutMs, `event ${kind} #${after + 1}`);
  }

  describe(): string {
    return JSON.stringify(this.events.map((e) => [e.kind, e.status, e.at]));
  }

  changed(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  record(change: StateChange, runId: string): void {
    if (!change.event) return;
    // As the store: a write retried after it landed (a local activity run again in a later workflow task) records
    // nothing new.
    const dedupeKey = change.event.dedupeKey;
    if (dedupeKey && this.events.some((e) => e.dedupeKey === dedupeKey)) return;
    this.events.push({
      dedupeKey,
      kind: change.event.kind,
      data: change.event.data,
      at: Date.now(),
      runId,
      status: change.status,
      assigneeId: change.assigneeId,
      queuePool: change.queuePool,
      preferredAgentId: change.preferredAgentId,
    });
  }

  store(m: StoredMessage): { seq: number; created: boolean } {
    const known = this.messages.find((x) => x.clientMessageId === m.clientMessageId);
    if (known) return { seq: known.seq, created: false };
    const seq = this.messages.length + 1;
    this.messages.push({
      seq,
      authorKind: m.authorKind,
      authorId: m.authorId ?? null,
      body: m.body,
      clientMessageId: m.clientMessageId,
      at: Date.now(),
    });
    return { seq, created: true };
  }
}

type ConversationActivities = Pick<
  Activities,
  | 'persistMessage'
  | 'recordConversationState'
  | 'recordAiTurn'
  | 'recordAiTurns'
  | 'takeParkedMessages'
  | 'loadEscalationPolicy'
  | 'setConversationSkills'
  | 'recordResolution'
  | 'gatherContext'
  | 'adoptRecordedContext'
  | 'buildHandoff'
  | 'estimateQueue'
  | 'generateAiReply'
  | 'generateAiReplies'
  | 'notifyAgents'
>;

/** An AI turn's decision and reply, as the store's recordAiTurn writes them. */
function aiTurnIn(c: FakeConversation, { decision, reply }: Parameters<Activities['recordAiTurn']>[0], runId: string) {
  c.record(decision, runId);
  if (!reply) return null;
  const { seq, created } = c.store(reply);
  return { messageId: `msg-${seq}`, seq, createdAt: new Date().toISOString(), created, answered: false };
}

/** The context gatherContext returns (and the API records at the start) for a customer of `tier`. */
function contextFor(input: { customerId: string; pageContext: AiRequest['pageContext'] }, tier: Tier) {
  return {
    page: input.pageContext,
    customer: { id: input.customerId, name: 'Test Customer', company: null, tier, plan: null, seats: 1, mrrUsd: 0 },
    crm: { provider: 'builtin', available: true },
    billing: { available: false },
    previousConversations: [],
    gatheredAt: new Date().toISOString(),
  };
}

/** The activities a worker runs for every FakeConversation in `conversations` (keyed by workflow id). */
export function fakeActivities(conversations: Map<string, FakeConversation>): ConversationActivities {
  const runId = () => activityInfo().workflowExecution?.runId ?? '';
  const current = () => {
    const id = activityInfo().workflowExecution?.workflowId ?? '';
    const c = conversations.get(id);
    if (!c) throw new Error(`no fake conversation for ${id}`);
    return c;
  };
  /** What a database client meets while PostgreSQL refuses connections (the activity fails; its retry policy decides). */
  const database = () => {
    const c = current();
    if (Date.now() < c.databaseDownUntil) {
      c.databaseRefusals++;
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    }
  };
  const outageAtEscalation = () => {
    const c = current();
    if (c.outageAtEscalationMs && !c.databaseDownUntil) c.databaseDownUntil = Date.now() + c.outageAtEscalationMs;
  };
  /** Runs `fn` on the calling conversation's fake and wakes whoever waits on it. */
  const on = <T>(fn: (c: FakeConversation) => T): T => {
    const c = current();
    try {
      return fn(c);
    } finally {
      c.changed();
    }
  };
  return {
    async persistMessage(m) {
      database();
      return on((c) => {
        const { seq, created } = c.store(m);
        // Never "answered": a resend earns no second AI turn only because the workflow remembers the id.
        return { messageId: `msg-${seq}`, seq, createdAt: new Date().toISOString(), created, answered: false };
      });
    },
    async recordConversationState(change) {
      database();
      on((c) => c.record(change, runId()));
    },
    async recordAiTurn(turn) {
      database();
      return on((c) => aiTurnIn(c, turn, runId()));
    },
    async takeParkedMessages({ after = 0 }) {
      database();
      return on((c) => {
        c.parkedTakes++;
        c.parkedTakenAfter.push(after);
        c.parked = c.parked.filter((m) => m.seq > after);
        return [...c.parked];
      });
    },
    async recordAiTurns({ turns }) {
      database();
      return on((c) => turns.map((t) => aiTurnIn(c, t, runId())));
    },
    async loadEscalationPolicy() {
      database();
      return current().policy;
    },
    async setConversationSkills() {
      database();
    },
    async recordResolution(r) {
      on((c) => c.resolutions.push(r));
    },
    async gatherContext(input) {
      const c = current();
      await new Promise((r) => setTimeout(r, c.contextDelayMs));
      c.contextAt = Date.now();
      c.contextGathers++;
      return contextFor(input, c.tier);
    },
    async adoptRecordedContext(input) {
      database();
      const c = current();
      c.recordedReads++;
      return c.recordedTier ? contextFor(input, c.recordedTier) : null;
    },
    async buildHandoff(input) {
      outageAtEscalation();
      database();
      return {
        goal: 'help',
        summary: `handed over: ${input.escalation.reason}`,
        summaryBy: 'assembled',
        aiAttempts: [],
        whyStopped: input.escalation.reason,
        pageContext: {},
        account: {
          customerId: 'cus-test',
          name: null,
          company: null,
          tier: null,
          plan: null,
          seats: null,
          mrrUsd: null,
          previousConversations: [],
          crm: null,
          billing: null,
        },
        flags: [],
        builtAt: new Date().toISOString(),
      };
    },
    async estimateQueue() {
      outageAtEscalation();
      database();
      return { position: 1, estimatedWaitSeconds: 60 };
    },
    async generateAiReply(req) {
      await new Promise((r) => setTimeout(r, current().aiDelayMs));
      const how = activityInfo().isLocal ? 'local' : 'activity';
      return on((c) => {
        c.aiCalls.push(how);
        c.aiRequests.push(req);
        return c.ai(req);
      });
    },
    async generateAiReplies(input) {
      await new Promise((r) => setTimeout(r, current().aiDelayMs));
      const how = activityInfo().isLocal ? 'local' : 'activity';
      return on((c) => {
        c.aiCalls.push(how);
        const requests = input.turns.map((t, k) => ({
          conversationId: input.conversationId,
          customerId: input.customerId,
          question: t.question,
          previousTurns: [...input.previousTurns, ...input.turns.slice(0, k).map((p) => p.question)].slice(
            -input.turnsKept,
          ),
          pageContext: t.pageContext,
          messageSeq: t.messageSeq,
        }));
        c.aiBursts.push(requests);
        c.aiRequests.push(...requests);
        return requests.map((r) => c.ai(r));
      });
    },
    async notifyAgents(n) {
      const failing = on((c) => ++c.notificationAttempts > 0 && c.notificationsFail);
      if (failing) throw new Error('every notification sink is down');
      on((x) => x.notifications.push({ ...n, at: Date.now() }));
      return { delivered: ['fake'], failed: [] };
    },
  };
}
