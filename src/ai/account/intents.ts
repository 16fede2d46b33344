import data from './intents.json';

/** What a customer can ask about their own account, and `action`: a money request only a person may carry out. */
export const ACCOUNT_INTENTS = [
  'action',
  'refund_status',
  'payment_failing',
  'charge_explain',
  'invoice_paid',
  'trial_end',
  'renewal',
  'plan_seats',
] as const;
export type AccountIntent = (typeof ACCOUNT_INTENTS)[number];

export const ACCOUNT_LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
export type AccountLanguage = (typeof ACCOUNT_LANGUAGES)[number];

export interface DetectedIntent {
  intent: AccountIntent;
  /** The language of the pattern that matched: the reply is written in it. */
  language: AccountLanguage;
  evidence: string;
}

// `\b` is ASCII-only in JavaScript, even with the `u` flag: "débité" would never end on a boundary.
const WORD_EDGE = '(?:(?<![\\p{L}\\p{N}])(?=[\\p{L}\\p{N}])|(?<=[\\p{L}\\p{N}])(?![\\p{L}\\p{N}]))';

const rules: Array<{ intent: AccountIntent; language: AccountLanguage; re: RegExp }> = ACCOUNT_INTENTS.flatMap(
  (intent) =>
    ACCOUNT_LANGUAGES.flatMap((language) =>
      (data.intents[intent][language] as string[]).map((source) => ({
        intent,
        language,
        re: new RegExp(source.replace(/\\b/g, WORD_EDGE), 'iu'),
      })),
    ),
);

/** Curly apostrophes and runs of spaces, as typed on phones. */
export const normalizeQuestion = (s: string) =>
  s
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The account question this message asks, or null for anything else (how-to questions included: they belong to the
 * knowledge base). Intents are tried in the order of ACCOUNT_INTENTS: a request for money back beats a status question
 * in the same message, and the more specific statuses come before the general ones.
 */
export function detectAccountIntent(question: string): DetectedIntent | null {
  const q = normalizeQuestion(question);
  for (const rule of rules) {
    const m = rule.re.exec(q);
    if (m) return { intent: rule.intent, language: rule.language, evidence: m[0] };
  }
  return null;
}
