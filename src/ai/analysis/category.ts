import { ALWAYS_HUMAN_CATEGORIES, type AlwaysHumanCategory } from '../../../domain/vocabulary';
import patterns from './patterns/category.json';
import { perLexicon } from './lexicon';
import { compile, compileRules, type Rule } from './patterns/compile';
import { fold, quote } from './text';

/**
 * CATEGORY: the six always-human categories with the labelling rules' covered / not-covered boundaries.
 * Rules run on a folded copy of the turn (lowercase, no accents) so one pattern serves "reembolso" and "rémboursement".
 */

/** The shipped policy's order: the vocabulary lists the categories most urgent first. */
export const DEFAULT_CATEGORY_PRECEDENCE: readonly AlwaysHumanCategory[] = ALWAYS_HUMAN_CATEGORIES;

const has = (rules: Rule[], t: string): Rule | undefined => rules.find((r) => r.re.test(t));

// The rules, compiled for the active lexicon (its product name, assets and tenant fill ${PRODUCT}, ${ASSETS}, ${TENANT}).
const rules = perLexicon((_lexicon, f) => ({
  // billing_dispute
  WRONG_CHARGE: compileRules(patterns.WRONG_CHARGE, f),
  REFUND_REQUEST: compileRules(patterns.REFUND_REQUEST, f),
  // "Can you refund the VAT you charged us?", "¿podéis tramitarlo?": a request to act, even when it cites the policy.
  ACT_ON_REFUND: compile(patterns.ACT_ON_REFUND, f),
  POLICY_QUESTION: compile(patterns.POLICY_QUESTION, f),
  // security_incident
  SECURITY: compileRules(patterns.SECURITY, f),
  SECURITY_HYPOTHETICAL: compile(patterns.SECURITY_HYPOTHETICAL, f),
  // account_access_takeover
  TAKEOVER: compileRules(patterns.TAKEOVER, f),
  NO_RECOVERY_CODES: compile(patterns.NO_RECOVERY_CODES, f),
  HAS_RECOVERY_CODES: compile(patterns.HAS_RECOVERY_CODES, f),
  DEVICE_GONE: compile(patterns.DEVICE_GONE, f),
  // legal_privacy
  LEGAL: compileRules(patterns.LEGAL, f),
  // data_loss
  DATA_LOSS: compileRules(patterns.DATA_LOSS, f),
  MISSING_IN_PRODUCT: compile(patterns.MISSING_IN_PRODUCT, f),
  OWN_RECENT_DELETE: compile(patterns.OWN_RECENT_DELETE, f),
  DATA_LOSS_NOT: compile(patterns.DATA_LOSS_NOT, f),
  // cancellation_with_complaint
  CANCEL: compile(patterns.CANCEL, f),
  COMPLAINT: compile(patterns.COMPLAINT, f),
  // Complaints phrased as what keeps failing or what did not help: "it drops out every few days and your docs haven't helped".
  COMPLAINT_MORE: compile(patterns.COMPLAINT_MORE, f),
  NO_COMPLAINT: compile(patterns.NO_COMPLAINT, f),
  // "Why is this month's invoice $900?" … "We only have 10 employees, that's way too much."
  FOLLOW_UP_DISPUTE: compile(patterns.FOLLOW_UP_DISPUTE, f),
  BILLING_TOPIC: compile(patterns.BILLING_TOPIC, f),
}));

// A refund mentioned only inside a question, with no request words, asks about the policy ("is it refunded?", "¿se reembolsa?").
const REQUEST_WORDS = compile(patterns.REQUEST_WORDS);
function refundOnlyAsked(t: string): boolean {
  const sentences = t
    .split(/(?<=[.!?。？！])\s*/)
    .filter((x) =>
      /refund|money back|reembols|rembours|erstatt|estorn|devuelv|devolv|devolu|rimbors|terugbetal|zwrot|aterbetal|återbetal|vracen|iade|返金|退款|환불/.test(
        x,
      ),
    );
  return sentences.length > 0 && sentences.every((x) => /[?？]\s*$/.test(x.trim()) && !REQUEST_WORDS.test(x));
}

export interface CategoryResult {
  category: AlwaysHumanCategory | null;
  score: number;
  evidence: string | null;
  /** Every category the turn fits, before precedence. */
  matches: AlwaysHumanCategory[];
}

/** The always-human category of the current turn; earlier turns only supply the complaint for a later cancellation. */
export function detectCategory(
  turn: string,
  previousTurns: string[] = [],
  precedence: readonly AlwaysHumanCategory[] = DEFAULT_CATEGORY_PRECEDENCE,
): CategoryResult {
  const t = fold(turn).normalize('NFC').replace(/[’‘]/g, "'");
  const {
    WRONG_CHARGE,
    REFUND_REQUEST,
    ACT_ON_REFUND,
    POLICY_QUESTION,
    SECURITY,
    SECURITY_HYPOTHETICAL,
    TAKEOVER,
    NO_RECOVERY_CODES,
    HAS_RECOVERY_CODES,
    DEVICE_GONE,
    LEGAL,
    DATA_LOSS,
    MISSING_IN_PRODUCT,
    OWN_RECENT_DELETE,
    DATA_LOSS_NOT,
    CANCEL,
    COMPLAINT,
    COMPLAINT_MORE,
    NO_COMPLAINT,
    FOLLOW_UP_DISPUTE,
    BILLING_TOPIC,
  } = rules();
  const found = new Map<AlwaysHumanCategory, string>();

  const security = has(SECURITY, t);
  if (security && !SECURITY_HYPOTHETICAL.test(t)) found.set('security_incident', security.why);

  const takeover = has(TAKEOVER, t);
  if (takeover) found.set('account_access_takeover', takeover.why);
  // "Someone changed my email; resets go to an address I don't recognise" is a takeover, not a strange sign-in.
  if (
    takeover?.why === 'reports credentials changed by someone else' &&
    security?.why === 'reports sign-ins nobody recognises' &&
    /\b(?:address|e-?mail)\s+(?:that\s+)?(?:i|we)\s+(?:don'?t|do not)\s+recogni[sz]e\b/.test(t) &&
    !/\b(?:log-?ins?|sign-?ins?|sessions?|ips?)\s+from\b/.test(t)
  ) {
    found.delete('security_incident');
  } else if (
    NO_RECOVERY_CODES.test(t) &&
    !HAS_RECOVERY_CODES.test(t) &&
    [t, ...previousTurns.map((p) => fold(p))].some((x) => DEVICE_GONE.test(x))
  ) {
    // The device and the codes may be mentioned in different turns ("new phone" … "never saved the codes").
    found.set('account_access_takeover', 'locked out with no 2FA device and no recovery code');
  }

  // "It isn't in the trash" is data loss only when something in the product is missing, not a file elsewhere.
  const missingInProduct = [t, ...previousTurns.map((p) => fold(p))].some((x) => MISSING_IN_PRODUCT.test(x));
  const loss = DATA_LOSS.find((r) => r.re.test(t) && (r.why !== 'missing and not in Trash' || missingInProduct));
  const ownDelete =
    OWN_RECENT_DELETE.test(t) &&
    !/\btrash\b[^.?!]*\b(?:empty|nothing)|not (?:in|there in) (?:the )?trash|months? ago|last year/.test(t);
  // Version history is self-service, unless the customer says things vanished that nobody deleted.
  const versionOnly =
    /\bversion history\b|\bprevious version\b/.test(t) &&
    !/\b(?:disappeared|vanished|gone)\b[^.?!]*\b(?:nobody|no one|none of us)\b|\b(?:nobody|no one)\s+deleted\b/.test(t);
  if (loss && !ownDelete && !versionOnly && !DATA_LOSS_NOT.test(t)) found.set('data_loss', loss.why);

  const legal = has(LEGAL, t);
  if (legal) found.set('legal_privacy', legal.why);

  const wrong = has(WRONG_CHARGE, t);
  const refund = has(REFUND_REQUEST, t);
  if (wrong) found.set('billing_dispute', refund ? `${wrong.why} and asks for a refund` : wrong.why);
  else if (
    refund &&
    ACT_ON_REFUND.test(t) &&
    !/\bif\s+(?:we|i|someone|a customer)\b|\bsi\s+(?:cancelamos|cancelo|damos)\b/.test(t)
  )
    found.set('billing_dispute', 'asks for a refund to be processed');
  else if (refund && !POLICY_QUESTION.test(t) && !refundOnlyAsked(t)) found.set('billing_dispute', refund.why);
  else if (
    FOLLOW_UP_DISPUTE.test(t) &&
    !/\?\s*$/.test(t) &&
    previousTurns.length > 0 &&
    BILLING_TOPIC.test(fold(previousTurns[previousTurns.length - 1]))
  )
    found.set('billing_dispute', 'says the charge asked about is wrong');

  if (CANCEL.test(t) && !NO_COMPLAINT.test(t)) {
    const earlier = previousTurns.map((p) => fold(p));
    if (
      COMPLAINT.test(t) ||
      COMPLAINT_MORE.test(t) ||
      earlier.some((p) => (COMPLAINT.test(p) || COMPLAINT_MORE.test(p)) && !NO_COMPLAINT.test(p))
    ) {
      found.set('cancellation_with_complaint', 'asks to cancel and complains about the product or service');
    }
  }

  const matches = precedence.filter((c) => found.has(c));
  const category = matches[0] ?? null;
  return {
    category,
    score: category ? 0.9 : 0,
    evidence: category ? `${found.get(category)}: ${quote(turn)}` : null,
    matches,
  };
}
