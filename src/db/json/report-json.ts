/**
 * JSONB columns written whole by one writer and read back whole: the backtest report, a knowledge suggestion's
 * replay, a review digest's sections, and escalation policy documents. Each read goes through its schema.
 */
import { z } from 'zod';
import type { BacktestReportData } from '../../../domain/backtest/counts';
import type { EscalationPolicyDocument } from '../../../domain/escalation';
import { policyProblems } from '../../../domain/policy/document';
import { ESCALATION_TRIGGERS, TIERS } from '../../../domain/vocabulary';
import type { ReplayReport } from '../../services/knowledge-store';
import { dataCorrupt, parseStored, parseStoredOrNull } from './parse';

const count = z.number().int();
const beforeAfter = { before: count, after: count };

export const backtestReportSchema: z.ZodType<BacktestReportData> = z.object({
  conversations: count,
  turns: count,
  escalationsBefore: count,
  escalationsAfter: count,
  added: count,
  removed: count,
  retriggered: count,
  // Reports stored before auto-assignment was counted read as none.
  autoAssigned: count.default(0),
  byTrigger: z.array(z.object({ trigger: z.enum(ESCALATION_TRIGGERS), ...beforeAfter })),
  loadByTierHour: z.array(z.object({ tier: z.enum(TIERS), hour: count, ...beforeAfter })),
});

export const replayReportSchema: z.ZodType<ReplayReport> = z.object({
  total: count,
  wouldAnswer: count,
  conversations: z.array(z.object({ id: z.string(), confidence: z.number() })),
});

export const digestSectionsSchema = z.array(z.object({ heading: z.string(), lines: z.array(z.string()) }));

export const storedBacktestReport = (backtestId: string, v: unknown) =>
  parseStoredOrNull(backtestReportSchema, v, `backtests ${backtestId}.report`);

export const storedReplayReport = (suggestionId: string, v: unknown) =>
  parseStoredOrNull(replayReportSchema, v, `knowledge_suggestions ${suggestionId}.replay`);

export const storedDigestSections = (digestId: string, v: unknown) =>
  parseStored(digestSectionsSchema, v, `review_digests ${digestId}.sections`);

const isPolicyDocument = (doc: unknown): doc is EscalationPolicyDocument => policyProblems(doc).length === 0;

/** A stored policy version's document, checked by the same validation that let it in. */
export function storedPolicyDocument(version: number, doc: unknown): EscalationPolicyDocument {
  if (isPolicyDocument(doc)) return doc;
  throw dataCorrupt(`escalation_policies ${version}.document`, policyProblems(doc).slice(0, 5).join('; '));
}
