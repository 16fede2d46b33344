/**
 * The JSONB columns of `conversations` and `messages`, read back through zod: each schema is checked against the
 * type its writer uses and accepts every shape ever written (a handoff from before `summaryBy` and the CRM and
 * billing context, a context from before the CRM deals). A value that matches none is a DATA_CORRUPT error naming
 * the row and column.
 */
import { z } from 'zod';
import type { AiAnswerMeta, PageContext } from '../../../domain/conversation';
import { pageContextSchema, triggerEvaluationSchema } from '../../../domain/events.schema';
import { ALWAYS_HUMAN_CATEGORIES, ESCALATION_TRIGGERS, SLA_ACTIONS, TIERS } from '../../../domain/vocabulary';
import type { EscalationRecord, SlaCycle } from '../../../workflows/conversation/conversation.messages';
import type { ConversationContext, Handoff } from '../../services/context.types';
import { parseStored, parseStoredOrNull } from './parse';

const nullableString = z.string().nullable();

export const escalationRecordSchema: z.ZodType<EscalationRecord> = z.object({
  reason: z.enum(ESCALATION_TRIGGERS),
  category: z.enum(ALWAYS_HUMAN_CATEGORIES).nullable(),
  triggers: z.array(triggerEvaluationSchema),
  confidence: z.number().nullable(),
  sentiment: z.number().nullable(),
  policyVersion: z.number().int(),
  at: z.string(),
});

export const slaCycleSchema: z.ZodType<SlaCycle> = z.object({
  cycle: z.number().int(),
  startedAt: z.number(),
  deadline: z.number(),
  steps: z.array(
    z.object({ action: z.enum(SLA_ACTIONS), atPercent: z.number(), dueAt: z.number(), firedAt: z.number().nullable() }),
  ),
  restrictTo: z.enum(['TIER2', 'LEAD']).optional(),
  pool: z.array(z.string()),
});

const crmDeal = z.object({ id: z.string(), name: z.string(), amount: z.number().nullable(), stage: nullableString });
const crmContext = z.object({
  provider: z.string(),
  available: z.boolean(),
  notes: nullableString.optional(),
  companyName: nullableString.optional(),
  openDeals: z.array(crmDeal).optional(),
});
const billingContext = z.object({
  available: z.boolean(),
  customerId: nullableString.optional(),
  subscriptionStatus: nullableString.optional(),
  plan: nullableString.optional(),
  seats: z.number().nullable().optional(),
  renewsAt: nullableString.optional(),
  currentPeriodEnd: nullableString.optional(),
  cancelAtPeriodEnd: z.boolean().nullable().optional(),
  trialEndsAt: nullableString.optional(),
  delinquent: z.boolean().nullable().optional(),
  recentInvoices: z
    .array(
      z.object({
        id: z.string(),
        status: nullableString,
        amountDue: z.number(),
        currency: z.string(),
        // Since the account answers: dates, amounts paid and remaining, the period and what it was for.
        number: nullableString.optional(),
        created: z.string().optional(),
        dueDate: nullableString.optional(),
        paidAt: nullableString.optional(),
        amountPaid: z.number().optional(),
        amountRemaining: z.number().optional(),
        periodStart: nullableString.optional(),
        periodEnd: nullableString.optional(),
        description: nullableString.optional(),
      }),
    )
    .optional(),
  recentCharges: z
    .array(
      z.object({
        id: z.string(),
        amount: z.number(),
        amountRefunded: z.number(),
        currency: z.string(),
        status: z.string(),
        created: z.string(),
        paymentIntentId: nullableString,
        description: nullableString,
      }),
    )
    .optional(),
  failedPayments: z
    .array(
      z.object({
        chargeId: z.string(),
        amount: z.number(),
        currency: z.string(),
        created: z.string(),
        failureCode: nullableString,
        failureMessage: nullableString,
      }),
    )
    .optional(),
  refunds: z
    .array(
      z.object({
        id: z.string(),
        chargeId: nullableString,
        amount: z.number(),
        currency: z.string(),
        status: nullableString,
        reason: nullableString,
        created: z.string(),
      }),
    )
    .optional(),
});
const previousConversation = z.object({
  id: z.string(),
  status: z.string(),
  createdAt: z.string(),
  firstMessage: nullableString,
});

export const conversationContextSchema: z.ZodType<ConversationContext> = z.object({
  page: pageContextSchema,
  customer: z
    .object({
      id: z.string(),
      name: z.string(),
      company: nullableString,
      tier: z.enum(TIERS),
      plan: nullableString,
      seats: z.number(),
      mrrUsd: z.number(),
    })
    .nullable(),
  crm: crmContext,
  billing: billingContext,
  previousConversations: z.array(previousConversation),
  gatheredAt: z.string(),
});

export const handoffSchema: z.ZodType<Handoff> = z.object({
  goal: z.string(),
  summary: z.string(),
  // Written since the LLM provider can write the summary; before, every summary was assembled.
  summaryBy: z.string().default('assembled'),
  aiAttempts: z.array(
    z.object({
      seq: z.number().int(),
      excerpt: z.string(),
      confidence: z.number().nullable(),
      sources: z.array(z.string()),
    }),
  ),
  whyStopped: z.string(),
  pageContext: pageContextSchema,
  // Written since messages carry their page: where the conversation started when the customer has moved on.
  startedOn: pageContextSchema.optional(),
  // Shown as JSON: kept whole, with whatever else an older release put in it.
  account: z.looseObject({
    customerId: z.string(),
    name: nullableString,
    company: nullableString,
    tier: nullableString,
    plan: nullableString,
    seats: z.number().nullable(),
    mrrUsd: z.number().nullable(),
    previousConversations: z.array(previousConversation),
    // Carried since the CRM and billing providers; absent from older handoffs.
    crm: crmContext.nullish(),
    billing: billingContext.nullish(),
  }),
  flags: z.array(z.string()),
  builtAt: z.string(),
});

export const aiAnswerMetaSchema: z.ZodType<AiAnswerMeta> = z.object({
  confidence: z.number(),
  sources: z.array(z.object({ id: z.string(), title: z.string(), score: z.number() })),
  inReplyToSeq: z.number().int().positive().optional(),
});

const at = (table: string, id: string, column: string) => `${table} ${id}.${column}`;

/** Each column of a conversation row, parsed; `id` names the row in the error. */
export const storedConversation = {
  pageContext: (id: string, v: unknown): PageContext =>
    parseStoredOrNull(pageContextSchema, v, at('conversations', id, 'page_context')) ?? {},
  escalation: (id: string, v: unknown) =>
    parseStoredOrNull(escalationRecordSchema, v, at('conversations', id, 'escalation')),
  sla: (id: string, v: unknown) => parseStoredOrNull(slaCycleSchema, v, at('conversations', id, 'sla')),
  handoff: (id: string, v: unknown) => parseStoredOrNull(handoffSchema, v, at('conversations', id, 'handoff')),
  context: (id: string, v: unknown) =>
    parseStoredOrNull(conversationContextSchema, v, at('conversations', id, 'context')),
};

/** The page a customer message was sent from, parsed (null: none was sent). */
export const storedMessagePage = (messageId: string, v: unknown): PageContext | null =>
  parseStoredOrNull(pageContextSchema, v, at('messages', messageId, 'page_context'));

/** A message's AI metadata (confidence and sources), parsed. */
export const storedAiMeta = (messageId: string, v: unknown): AiAnswerMeta | null =>
  parseStoredOrNull(aiAnswerMetaSchema, v, at('messages', messageId, 'ai'));

/** A JSON object kept as it is (a policy document shown as JSON): only its being an object is checked. */
export const jsonObjectSchema = z.record(z.string(), z.unknown());
export const storedJsonObject = (where: string, v: unknown): Record<string, unknown> =>
  parseStored(jsonObjectSchema, v, where);
