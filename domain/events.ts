/**
 * The conversation's audit trail (`conversation_events`): every kind an event can have and the payload it carries.
 * Pure types: the workflow types its `record` with them (`import type`), the read side
 * (`src/db/events`) names the fields its SQL reads from them, and `events.schema.ts` parses stored rows against them.
 *
 * `ConversationEventData<K>` is what is written today. `StoredEventData<K>` is what a row of kind K may hold: today's
 * shape and every older one still in the table (only `turn_decided` has changed so far).
 */
import type { AlwaysHumanCategory, EscalationTrigger, TriggerEvaluation, TurnSignals } from './escalation';
import type { Channel, PageContext } from './conversation';
import type { SlaAction, Tier } from './vocabulary';

/** Added by the workflow to every event that puts the conversation in the queue: the SLA cycle it opens. */
export type QueueEntry = {
  cycle: number;
  /** ISO time by which an agent should claim. */
  deadline: string;
};

/** Tokens an LLM provider spent on a turn. */
export type TokenUsage = { inputTokens: number; outputTokens: number; model: string };

/** `turn_decided` as first written: the decision and the counters it read. */
export type TurnDecidedV1 = {
  /** The customer message's seq. */
  seq: number;
  policyVersion: number;
  escalate: boolean;
  reason: EscalationTrigger | null;
  category: AlwaysHumanCategory | null;
  evaluations: TriggerEvaluation[];
  confidence: number;
  frustration: number;
  continuesPrevious: boolean;
  aiTurnsOnProblem: number;
};
/** Since the LLM provider: the tokens it spent (null for the local AI). */
export type TurnDecidedV2 = TurnDecidedV1 & { usage: TokenUsage | null };
/** Since policy backtests: the signals the decision read, whole, and the tier it decided for. */
export type TurnDecidedV3 = TurnDecidedV2 & { signals: TurnSignals; tier: Tier };

/** The payload of each event kind, as written today. */
export type ConversationEventPayloads = {
  /** Written by the store with the conversation's row (first customer message). */
  conversation_started: { channel: Channel; pageContext: PageContext };
  /** Written by the context activity: which sources answered. */
  /** `prefetched`: read when the widget opened, before the first message (absent: gathered for the turn). */
  context_gathered: {
    crm: boolean;
    billing: boolean;
    previousConversations: number;
    /** Gathered when the widget opened. */
    prefetched?: boolean;
    /** Gathered by the API when the conversation started (no prefetch was ready). */
    atStart?: boolean;
  };
  /** One per AI turn: the escalation decision and what it read. */
  turn_decided: TurnDecidedV3;
  escalated: {
    reason: EscalationTrigger;
    category: AlwaysHumanCategory | null;
    policyVersion: number;
    triggers: TriggerEvaluation[];
  } & QueueEntry;
  /** `auto`: the policy's auto-assignment handed it to the agent (absent: the agent claimed it). */
  claimed: { agentId: string; cycle: number; auto?: boolean };
  released: { agentId: string; reason: string } & QueueEntry;
  /** To a named agent (stays claimed), or back to the queue for a tier. */
  transferred:
    | { from: string; toAgentId: string; reason: string }
    | ({ from: string; toTier?: 'TIER2' | 'LEAD' | null; reason: string } & QueueEntry);
  /** The assignee sent nothing before the lease ran out: back to the queue (agentId absent when none was known). */
  claim_lease_expired: { agentId?: string | null } & QueueEntry;
  /** A customer message after resolution: back to the AI, or to the queue (preferring the agent who resolved it). */
  reopened: { seq: number; to: 'AI' } | ({ seq: number; preferredAgent: string | null } & QueueEntry);
  resolved:
    | { by: 'AI'; reason: string }
    | { by: 'AGENT'; agentId: string; summary: string; category: string | null; kbWorthy: boolean };
  conversation_closed:
    { by: 'customer' | 'agent' | 'admin'; actorId: string; reason: string | null } | { by: 'system'; reason: string };
  /** An anonymous visitor signed in: their conversation moved to the customer they are. */
  owner_changed: { from: string; to: string };
  /** A new policy version re-planned the waiting conversation's ladder. */
  policy_applied: { policyVersion: number; deadline: string };
  /** A ladder step fired (times ISO); `pool` is who may claim after it. */
  sla_step: { action: SlaAction; atPercent: number; dueAt: string; firedAt: string; pool: string[] };
  billing_action_proposed: {
    actionId: string;
    kind: 'REFUND' | 'CREDIT';
    amountCents: number;
    currency: string;
    by: string;
  };
  billing_action_executed: { actionId: string; stripeId: string | null; approvedBy: string };
  billing_action_failed: { actionId: string; by: string };
  billing_action_rejected: { actionId: string; by: string; reason: string };
  /** A Stripe event about this customer that raised the conversation's priority. */
  billing_event: { eventId: string; type: string; priority: number };
  /** Written by the API when the customer rates the conversation. */
  csat_rated: { score: number; escalated: boolean };
  /** A staff member's internal note (its text lives in conversation_notes, never in the transcript). */
  internal_note_added: { noteId: string; authorId: string };
  /** A LEAD or admin became the assignee of a waiting conversation or of another agent's (`from`). */
  taken_over: { by: string; from: string | null };
  /** A LEAD or admin (`by`) gave the conversation to a named agent. */
  reassigned: { by: string; from: string | null; toAgentId: string };
};

export type ConversationEventKind = keyof ConversationEventPayloads;
/** The payload an event of kind K is written with today. */
export type ConversationEventData<K extends ConversationEventKind> = ConversationEventPayloads[K];

/** One event as written: a discriminated union on `kind`. */
export type ConversationEvent = {
  [K in ConversationEventKind]: { kind: K; data: ConversationEventData<K> };
}[ConversationEventKind];

/** Shapes older rows hold beside today's, per kind. */
type OlderPayloads = { turn_decided: TurnDecidedV1 | TurnDecidedV2 };

/** What a stored row of kind K may hold: today's payload or an older one. */
export type StoredEventData<K extends ConversationEventKind> = K extends keyof OlderPayloads
  ? ConversationEventPayloads[K] | OlderPayloads[K]
  : ConversationEventPayloads[K];

/** One stored row, parsed: a discriminated union on `kind`. */
export type StoredConversationEvent = {
  [K in ConversationEventKind]: {
    id: string;
    conversationId: string;
    kind: K;
    data: StoredEventData<K>;
    createdAt: Date;
  };
}[ConversationEventKind];

/** The kinds whose payload (or one of its variants) is a queue entry, and that payload without the entry's fields. */
type QueueVariant<T> = T extends QueueEntry ? Omit<T, keyof QueueEntry> : never;
export type QueueEntryKind = {
  [K in ConversationEventKind]: [QueueVariant<ConversationEventData<K>>] extends [never] ? never : K;
}[ConversationEventKind];
export type QueueEntryData<K extends QueueEntryKind> = QueueVariant<ConversationEventData<K>>;

/** Every field name any stored shape of kind K has: what SQL over `data` may name. */
export type StoredEventField<K extends ConversationEventKind> =
  StoredEventData<K> extends infer T ? (T extends unknown ? keyof T & string : never) : never;
