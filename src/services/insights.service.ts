import type { DataSource } from 'typeorm';
import { clusterQuestions } from '../ai/analysis/question-clusters';
import type { KbCache } from '../ai/kb-cache';
import { ConversationEventReads, type ConversationWindow } from '../db/events/event-reads';
import { badInput } from '../errors';
import { listReviewDigests } from './review-digest-store';

export interface KbGap {
  /** The most representative question of the cluster. */
  label: string;
  /** Conversations that asked it. */
  count: number;
  /** Newest first, at most EXAMPLES. */
  exampleIds: string[];
}

export interface RecurringError {
  code: string;
  count: number;
  routes: string[];
  exampleIds: string[];
}

export interface HotRoute {
  route: string;
  count: number;
  escalations: number;
}

export interface AccountAtRisk {
  customerId: string;
  reasons: string[];
}

export interface Insights {
  from: Date;
  to: Date;
  kbGaps: KbGap[];
  recurringErrors: RecurringError[];
  hotRoutes: HotRoute[];
  accountsAtRisk: AccountAtRisk[];
}

export const DEFAULT_TOP = 10;
export const MAX_TOP = 50;
const EXAMPLES = 5;
/** Most recent uncovered questions clustered per call: bounds the in-memory work on a very busy window. */
const MAX_GAP_QUESTIONS = 5000;

/** The page route with ids folded away (`/dashboards/940/edit` → `/dashboards/:id/edit`), no query, no trailing slash. */
const ROUTE = String.raw`NULLIF(regexp_replace(regexp_replace(split_part(split_part(c.page_context->>'route', '?', 1), '#', 1),
  '/([0-9]+|[0-9a-fA-F-]{16,})(?=/|$)', '/:id', 'g'), '(.)/+$', '\1'), '')`;

/**
 * The error code of a page's error message: its leading token when that looks like a code (has a digit, a dash or an
 * underscore: `SF-401: token expired` → SF-401), else the first upper-case code inside it (`Error: PG-28P01 …`).
 */
const LEAD = String.raw`substring(trim(c.page_context->>'errorMessage') from '^([A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*)')`;
const CODE = String.raw`upper(CASE WHEN ${LEAD} ~ '[0-9_-]' AND length(${LEAD}) >= 3 THEN ${LEAD}
  ELSE substring(c.page_context->>'errorMessage' from '\m([A-Z][A-Z0-9]*(?:[-_][A-Z0-9]+)+)\M') END)`;

/** A customer telling us a payment failed, in the languages the analysis knows best. */
const PAYMENT_FAILED = [
  String.raw`\m(payments?|cards?|charges?|transactions?|direct debits?)\s+` +
    String.raw`(was\s+|were\s+|got\s+|has\s+been\s+|have\s+been\s+|is\s+|keeps?\s+(getting\s+)?|just\s+)?` +
    String.raw`(failed|failing|fails|declined|bounced|rejected|refused)\M`,
  String.raw`\m(failed|declined|bounced|rejected)\s+(payments?|cards?|charges?|transactions?)\M`,
  String.raw`\mpago\s+(rechazado|fallido)`,
  String.raw`\mpaiement\s+(refus|echou|échou)`,
  String.raw`\mzahlung\s+(fehlgeschlagen|abgelehnt)`,
  String.raw`\mpagamento\s+(recusado|falhou|rifiutato)`,
].join('|');

/**
 * Operational insights over the conversations started in [from, to): what the knowledge base is missing, which error
 * codes keep bringing customers in, where in the product they come from, and which accounts need a call. Aggregation
 * runs in PostgreSQL; only the question clustering runs here, on the uncovered questions alone.
 */
export class InsightsService {
  private readonly events: ConversationEventReads;

  constructor(
    private readonly ds: DataSource,
    private readonly kb: KbCache,
  ) {
    this.events = new ConversationEventReads(ds);
  }

  /** The weekly digests the in-app sink kept. */
  reviewDigests(first: number | null | undefined, after: string | null | undefined) {
    return listReviewDigests(this.ds, first, after);
  }

  async insights(from: Date, to: Date, top: number = DEFAULT_TOP): Promise<Insights> {
    if (!(from < to)) throw badInput('from must be before to');
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) throw badInput(`top must be between 1 and ${MAX_TOP}`);
    const params = [from.toISOString(), to.toISOString()];
    const window: ConversationWindow = { from: params[0], to: params[1] };
    const [kbGaps, recurringErrors, hotRoutes, accountsAtRisk] = await Promise.all([
      this.kbGaps(window, top),
      this.recurringErrors(params, top),
      this.hotRoutes(params, top),
      this.accountsAtRisk(window, top),
    ]);
    return { from, to, kbGaps, recurringErrors, hotRoutes, accountsAtRisk };
  }

  /**
   * Escalated conversations whose question the KB did not cover (LOW_CONFIDENCE fired on the turn that escalated;
   * a turn that asked for a person is left out: its confidence says nothing about the KB), clustered by question.
   * A gap is a question that recurs: clusters of one are not reported.
   */
  private async kbGaps(window: ConversationWindow, top: number): Promise<KbGap[]> {
    const rows = await this.events.uncoveredQuestions(window, MAX_GAP_QUESTIONS);
    if (rows.length < 2) return [];
    const { index } = await this.kb.current();
    // Oldest first, so a question joins the clusters formed before it, as they were asked.
    const items = rows
      .reverse()
      .map((r) => ({ id: r.id, text: r.previous ? `${r.previous}\n${r.question}` : r.question }));
    return clusterQuestions(items, index)
      .filter((c) => c.ids.length >= 2)
      .slice(0, top)
      .map((c) => ({ label: c.label, count: c.ids.length, exampleIds: [...c.ids].reverse().slice(0, EXAMPLES) }));
  }

  /** Error codes on the customer's page when they wrote, escalated or not; a code seen once is not recurring. */
  private async recurringErrors(params: string[], top: number): Promise<RecurringError[]> {
    const rows: Array<{ code: string; count: number; routes: string[]; example_ids: string[] }> = await this.ds.query(
      `SELECT code, count(*)::int AS count,
              coalesce(array_agg(DISTINCT route ORDER BY route) FILTER (WHERE route IS NOT NULL), '{}') AS routes,
              (array_agg(id::text ORDER BY created_at DESC, id))[1:${EXAMPLES}] AS example_ids
       FROM (SELECT c.id, c.created_at, ${ROUTE} AS route, ${CODE} AS code FROM conversations c
             WHERE c.created_at >= $1 AND c.created_at < $2 AND coalesce(trim(c.page_context->>'errorMessage'), '') <> '') e
       WHERE code IS NOT NULL
       GROUP BY code HAVING count(*) >= 2
       ORDER BY count DESC, code LIMIT $3`,
      [...params, top],
    );
    return rows.map((r) => ({ code: r.code, count: r.count, routes: r.routes, exampleIds: r.example_ids }));
  }

  /** Where in the product conversations start: conversations per page route and how many reached a person. */
  private async hotRoutes(params: string[], top: number): Promise<HotRoute[]> {
    return this.ds.query(
      `SELECT route, count(*)::int AS count, count(*) FILTER (WHERE escalated)::int AS escalations
       FROM (SELECT ${ROUTE} AS route, c.escalated_at IS NOT NULL AS escalated FROM conversations c
             WHERE c.created_at >= $1 AND c.created_at < $2) r
       WHERE route IS NOT NULL
       GROUP BY route ORDER BY count DESC, escalations DESC, route LIMIT $3`,
      [...params, top],
    );
  }

  /**
   * Customers with repeated frustration (two or more conversations where a turn's frustration reached the policy's
   * threshold, or that escalated for it), payment trouble (failed payments or delinquency in the billing context,
   * failed-payment webhooks from Stripe, billing disputes, a customer saying a payment failed), or many escalations
   * (three or more).
   */
  private async accountsAtRisk(window: ConversationWindow, top: number): Promise<AccountAtRisk[]> {
    const rows = await this.events.customerRisks(window, PAYMENT_FAILED);
    const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
    return rows
      .map((r) => {
        const reasons: string[] = [];
        if (r.frustrated >= 2) {
          const escalated = r.escalated_for_frustration > 0 ? ` (${r.escalated_for_frustration} escalated for it)` : '';
          reasons.push(`repeated frustration: frustrated in ${r.frustrated} conversations${escalated}`);
        }
        if ((r.failed_payments ?? 0) > 0)
          reasons.push(`payment failures: ${plural(r.failed_payments!, 'failed payment')} on record`);
        if (r.delinquent) reasons.push('payment failures: the billing account is delinquent');
        if (r.stripe_failures > 0)
          reasons.push(
            `payment failures: Stripe reported a failed payment during ${plural(r.stripe_failures, 'conversation')}`,
          );
        if (r.reported_failures > 0)
          reasons.push(`payment failures: reported a failed payment in ${plural(r.reported_failures, 'conversation')}`);
        if (r.disputes > 0) reasons.push(`payment failures: ${plural(r.disputes, 'billing dispute')}`);
        if (r.escalations >= 3) reasons.push(`many escalations: ${r.escalations} conversations reached a person`);
        return { customerId: r.customer_id, reasons, weight: [reasons.length, r.escalations, r.frustrated] };
      })
      .sort(
        (a, b) =>
          b.weight[0] - a.weight[0] ||
          b.weight[1] - a.weight[1] ||
          b.weight[2] - a.weight[2] ||
          a.customerId.localeCompare(b.customerId),
      )
      .slice(0, top)
      .map(({ customerId, reasons }) => ({ customerId, reasons }));
  }
}
