/**
 * zod schemas for every stored `conversation_events` payload (see events.ts): today's shape of each kind and every
 * older one still in the table. Pure, but kept out of the workflow bundle: workflows take only the types.
 * Each schema is checked against its type at compile time, and a unit test feeds it what the workflow writes.
 */
import { z } from 'zod';
import type { TriggerEvaluation, TurnSignals } from './escalation';
import type { ConversationEventKind, StoredEventData } from './events';
import { ALWAYS_HUMAN_CATEGORIES, CHANNELS, ESCALATION_TRIGGERS, SLA_ACTIONS, TIERS } from './vocabulary';

const trigger = z.enum(ESCALATION_TRIGGERS);
const category = z.enum(ALWAYS_HUMAN_CATEGORIES);
const evidence = z.string().nullable();

export const triggerEvaluationSchema: z.ZodType<TriggerEvaluation> = z.object({
  kind: trigger,
  fired: z.boolean(),
  score: z.number().nullable(),
  threshold: z.number().nullable(),
  evidence,
});

export const turnSignalsSchema: z.ZodType<TurnSignals> = z.object({
  explicitRequest: z.object({ detected: z.boolean(), evidence }),
  category: z.object({ category: category.nullable(), score: z.number(), evidence }),
  frustration: z.object({ score: z.number(), signals: z.array(z.string()), evidence }),
  answer: z.object({ confidence: z.number(), articleId: z.string().nullable(), evidence }),
  problem: z.object({ continuesPrevious: z.boolean(), smallTalk: z.boolean() }),
});

export const pageContextSchema = z.object({
  url: z.string().nullish(),
  route: z.string().nullish(),
  title: z.string().nullish(),
  errorMessage: z.string().nullish(),
});

const queueEntry = { cycle: z.number().int(), deadline: z.string() };

// The older shapes are strict: a newer row that is broken (say, its signals) must not pass for an older one.
const turnDecidedV1 = z.strictObject({
  seq: z.number().int(),
  policyVersion: z.number().int(),
  escalate: z.boolean(),
  reason: trigger.nullable(),
  category: category.nullable(),
  evaluations: z.array(triggerEvaluationSchema),
  confidence: z.number(),
  frustration: z.number(),
  continuesPrevious: z.boolean(),
  aiTurnsOnProblem: z.number().int(),
});
const turnDecidedV2 = turnDecidedV1.extend({
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), model: z.string() }).nullable(),
});
const turnDecidedV3 = z.object({ ...turnDecidedV2.shape, signals: turnSignalsSchema, tier: z.enum(TIERS) });

type Schemas = { [K in ConversationEventKind]: z.ZodType<StoredEventData<K>> };

/** The schema of each kind's stored payload; a kind with older shapes is a union, newest first. */
export const storedEventSchemas = {
  conversation_started: z.object({ channel: z.enum(CHANNELS), pageContext: pageContextSchema }),
  context_gathered: z.object({
    crm: z.boolean(),
    billing: z.boolean(),
    previousConversations: z.number().int(),
    prefetched: z.boolean().optional(),
    atStart: z.boolean().optional(),
  }),
  turn_decided: z.union([turnDecidedV3, turnDecidedV2, turnDecidedV1]),
  escalated: z.object({
    reason: trigger,
    category: category.nullable(),
    policyVersion: z.number().int(),
    triggers: z.array(triggerEvaluationSchema),
    ...queueEntry,
  }),
  claimed: z.object({ agentId: z.string(), cycle: z.number().int(), auto: z.boolean().optional() }),
  released: z.object({ agentId: z.string(), reason: z.string(), ...queueEntry }),
  transferred: z.union([
    z.object({ from: z.string(), toAgentId: z.string(), reason: z.string() }),
    z.object({ from: z.string(), toTier: z.enum(['TIER2', 'LEAD']).nullish(), reason: z.string(), ...queueEntry }),
  ]),
  claim_lease_expired: z.object({ agentId: z.string().nullish(), ...queueEntry }),
  reopened: z.union([
    z.object({ seq: z.number().int(), to: z.literal('AI') }),
    z.object({ seq: z.number().int(), preferredAgent: z.string().nullable(), ...queueEntry }),
  ]),
  resolved: z.discriminatedUnion('by', [
    z.object({ by: z.literal('AI'), reason: z.string() }),
    z.object({
      by: z.literal('AGENT'),
      agentId: z.string(),
      summary: z.string(),
      category: z.string().nullable(),
      kbWorthy: z.boolean(),
    }),
  ]),
  conversation_closed: z.union([
    z.object({ by: z.enum(['customer', 'agent', 'admin']), actorId: z.string(), reason: z.string().nullable() }),
    z.object({ by: z.literal('system'), reason: z.string() }),
  ]),
  owner_changed: z.object({ from: z.string(), to: z.string() }),
  policy_applied: z.object({ policyVersion: z.number().int(), deadline: z.string() }),
  sla_step: z.object({
    action: z.enum(SLA_ACTIONS),
    atPercent: z.number(),
    dueAt: z.string(),
    firedAt: z.string(),
    pool: z.array(z.string()),
  }),
  billing_action_proposed: z.object({
    actionId: z.string(),
    kind: z.enum(['REFUND', 'CREDIT']),
    amountCents: z.number(),
    currency: z.string(),
    by: z.string(),
  }),
  billing_action_executed: z.object({ actionId: z.string(), stripeId: z.string().nullable(), approvedBy: z.string() }),
  billing_action_failed: z.object({ actionId: z.string(), by: z.string() }),
  billing_action_rejected: z.object({ actionId: z.string(), by: z.string(), reason: z.string() }),
  billing_event: z.object({ eventId: z.string(), type: z.string(), priority: z.number() }),
  csat_rated: z.object({ score: z.number().int(), escalated: z.boolean() }),
  internal_note_added: z.object({ noteId: z.string(), authorId: z.string() }),
  taken_over: z.object({ by: z.string(), from: z.string().nullable() }),
  reassigned: z.object({ by: z.string(), from: z.string().nullable(), toAgentId: z.string() }),
} satisfies Schemas;

// The other direction, at compile time: every shape the types allow passes its schema (none is narrower).
type Narrower = {
  [K in ConversationEventKind]: StoredEventData<K> extends z.output<(typeof storedEventSchemas)[K]> ? never : K;
}[ConversationEventKind];
const _noneNarrower: [Narrower] extends [never] ? true : Narrower = true;

export const CONVERSATION_EVENT_KINDS = Object.keys(storedEventSchemas) as ConversationEventKind[];

export const isConversationEventKind = (kind: string): kind is ConversationEventKind =>
  Object.prototype.hasOwnProperty.call(storedEventSchemas, kind);

/** How far a value is from one shape: the number of its top-level fields that are wrong (or unexpected). */
const distance = (issues: z.core.$ZodIssue[]) =>
  new Set(issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : [String(i.path[0] ?? '')]))).size;

/** Why a value matches no schema, in a line: for a union, the problems of the shape it came closest to. */
export function describeIssues(error: z.ZodError): string {
  const lines = (issues: z.core.$ZodIssue[]): string[] =>
    issues.flatMap((issue) => {
      if (issue.code === 'invalid_union' && issue.errors.length > 0) {
        const closest = issue.errors.reduce((best, e) => (distance(e) < distance(best) ? e : best));
        return lines(closest.map((i) => ({ ...i, path: [...issue.path, ...i.path] })));
      }
      const at = issue.path.map(String).join('.');
      return [at ? `${at}: ${issue.message}` : issue.message];
    });
  return lines(error.issues).slice(0, 5).join('; ');
}

export type EventParse = { ok: true; data: StoredEventData<ConversationEventKind> } | { ok: false; problem: string };

/** A stored payload checked against its kind's schemas: the parsed data, or why it matches none of them. */
export function parseEventData<K extends ConversationEventKind>(
  kind: K,
  data: unknown,
): { ok: true; data: StoredEventData<K> } | { ok: false; problem: string };
export function parseEventData(kind: string, data: unknown): EventParse;
export function parseEventData(kind: string, data: unknown): EventParse {
  if (!isConversationEventKind(kind)) return { ok: false, problem: `unknown event kind "${kind}"` };
  const r = storedEventSchemas[kind].safeParse(data);
  return r.success ? { ok: true, data: r.data } : { ok: false, problem: describeIssues(r.error) };
}
