import { z } from 'zod';
import { ALWAYS_HUMAN_CATEGORIES, POLICY_TRIGGERS, SLA_ACTIONS, TIERS, type Tier } from '../vocabulary';

/**
 * The escalation policy document's validation: a zod schema whose messages say, in words an admin can act on, what
 * is wrong and where (`sla.ladder[0].action "X" is not one of …`). A document is rejected whole when any is found.
 * Kept out of the workflow bundle: workflows read documents that were validated when they were published.
 */

const known = (list: readonly string[], what: string) =>
  z.unknown().superRefine((v, ctx) => {
    if (!list.includes(v as string))
      ctx.addIssue({ code: 'custom', message: `names an unknown ${what} "${String(v)}"` });
  });
const listOf = (list: readonly string[], what: string) => z.array(known(list, what), { error: 'must be a list' });
const numberIn = (check: (n: number) => string | null) =>
  z.unknown().superRefine((n, ctx) => {
    if (typeof n !== 'number' || !Number.isFinite(n))
      return ctx.addIssue({ code: 'custom', message: 'must be a number' });
    const problem = check(n);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const optionalNumber = (message: string, ok: (n: number) => boolean) =>
  z
    .unknown()
    .superRefine((v, ctx) => {
      if (v !== undefined && (typeof v !== 'number' || !ok(v))) ctx.addIssue({ code: 'custom', message });
    })
    .optional();

/** A number per tier: every tier present, no unknown tier, each value passing `check`. */
const perTier = (check: (n: number) => string | null) =>
  z.record(z.string(), z.unknown(), { error: 'must be an object keyed by tier' }).superRefine((v, ctx) => {
    for (const key of Object.keys(v))
      if (!TIERS.includes(key as Tier)) ctx.addIssue({ code: 'custom', message: `names an unknown tier "${key}"` });
    for (const tier of TIERS) {
      const r = numberIn(check).safeParse(v[tier]);
      for (const issue of r.success ? [] : r.error.issues)
        ctx.addIssue({ code: 'custom', message: issue.message, path: [tier] });
    }
  });
const between0and1 = (n: number) => (n < 0 || n > 1 ? 'must be between 0 and 1' : null);
const nonNegative = (n: number) => (n < 0 ? 'must not be negative' : null);
const wholeNonNegative = (n: number) => (n < 0 || !Number.isInteger(n) ? 'must be a whole number, not negative' : null);
const object = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape, { error: 'must be an object' });

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const hhmm = z.unknown().superRefine((s, ctx) => {
  if (typeof s !== 'string' || !HH_MM.test(s)) ctx.addIssue({ code: 'custom', message: 'must be "HH:MM"' });
});
const businessHours = object({
  timezone: z.unknown().superRefine((tz, ctx) => {
    if (typeof tz !== 'string' || !validTimezone(tz))
      ctx.addIssue({ code: 'custom', message: `"${String(tz)}" is not an IANA time zone` });
  }),
  days: z.unknown().superRefine((d, ctx) => {
    if (!Array.isArray(d) || d.some((x) => !Number.isInteger(x) || x < 1 || x > 7))
      ctx.addIssue({ code: 'custom', message: 'must list ISO weekdays 1 (Monday) to 7 (Sunday)' });
  }),
  start: hhmm,
  end: hhmm,
}).superRefine(
  (bh, ctx) => {
    if (typeof bh.start === 'string' && typeof bh.end === 'string' && HH_MM.test(bh.start) && HH_MM.test(bh.end))
      if (bh.end <= bh.start)
        ctx.addIssue({ code: 'custom', message: 'must be after businessHours.start', path: ['end'] });
  },
  { when: () => true },
);

const ladderStep = object({
  action: z.unknown().superRefine((a, ctx) => {
    if (!SLA_ACTIONS.includes(a as (typeof SLA_ACTIONS)[number]))
      ctx.addIssue({ code: 'custom', message: `"${String(a)}" is not one of ${SLA_ACTIONS.join(', ')}` });
  }),
  atPercent: z.unknown().superRefine((p, ctx) => {
    if (typeof p !== 'number' || p < 0) ctx.addIssue({ code: 'custom', message: 'must be a number, not negative' });
  }),
});

export const policyDocumentSchema = z.looseObject(
  {
    tiers: listOf(TIERS, 'tier').optional(),
    confidenceThreshold: perTier(between0and1),
    alwaysHumanCategories: listOf(ALWAYS_HUMAN_CATEGORIES, 'category'),
    categoryPrecedence: listOf(ALWAYS_HUMAN_CATEGORIES, 'category').optional(),
    explicitHumanRequest: object({}),
    frustration: object({
      threshold: optionalNumber('must be between 0 and 1', (n) => n >= 0 && n <= 1),
    }),
    patience: object({ maxAiTurnsWithoutResolution: perTier(wholeNonNegative) }),
    triggerPrecedence: listOf(POLICY_TRIGGERS, 'trigger'),
    sla: object({
      timeToClaimSeconds: perTier(nonNegative),
      claimLeaseSeconds: perTier(nonNegative),
      ladder: z.array(ladderStep, { error: 'must be a list' }),
    }),
    aiResolvedAfterInactivitySeconds: optionalNumber('must not be negative', (n) => n >= 0),
    businessHours: businessHours.optional(),
    reopenWindowSeconds: optionalNumber('must not be negative', (n) => n >= 0),
    autoAssign: object({
      enabled: z.unknown().superRefine((b, ctx) => {
        if (typeof b !== 'boolean') ctx.addIssue({ code: 'custom', message: 'must be true or false' });
      }),
    }).optional(),
  },
  { error: 'the policy must be a JSON object' },
);

/** `sla.ladder[0].action`: the path as an admin reads it in the document. */
function where(path: PropertyKey[]): string {
  return path.reduce<string>(
    (s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)),
    '',
  );
}

/** One problem of a policy document: where (`sla.ladder[0].action`, '' for the whole document) and what. */
export interface PolicyIssue {
  path: string;
  message: string;
}

/** Every problem with a policy document (empty: valid), apart: an editor shows each beside the field it names. */
export function policyIssues(doc: unknown): PolicyIssue[] {
  const r = policyDocumentSchema.safeParse(doc);
  if (r.success) return [];
  return r.error.issues.map((issue) => {
    // An element of a list of names speaks for the list: `tiers names an unknown tier "X"`.
    const listElement = typeof issue.path[issue.path.length - 1] === 'number' && issue.message.startsWith('names ');
    return { path: where(listElement ? issue.path.slice(0, -1) : issue.path), message: issue.message };
  });
}

/** Every problem with a policy document (empty: valid), each naming where it is. */
export function policyProblems(doc: unknown): string[] {
  return policyIssues(doc).map((i) => (i.path ? `${i.path} ${i.message}` : i.message));
}

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
