import { log } from '@temporalio/activity';
import { AppError, ErrorCode } from '../../src/errors';
import type { InsightsService } from '../../src/services/insights.service';
import { buildReviewDigest, type CustomerName, DIGEST_TOP } from '../../src/services/review-digest';
import type { NotificationSink } from './notify.activities';

export interface SendReviewDigestInput {
  /** ISO-8601; the digest covers conversations started in [from, to). */
  from: string;
  to: string;
  /** Unique per digest run (the scheduled workflow's id): a retried activity posts once. */
  digestId: string;
}

export interface SendReviewDigestResult {
  delivered: string[];
  kbGaps: number;
  recurringErrors: number;
  accountsAtRisk: number;
}

export function createDigestActivities(deps: {
  insights: Pick<InsightsService, 'insights'>;
  customers: { byIds(ids: string[]): Promise<Array<{ id: string } & CustomerName>> };
  sinks: NotificationSink[];
}) {
  return {
    /** Builds the insights of the window and sends them as a digest to every sink that takes digests (in-app, Slack). */
    async sendReviewDigest(input: SendReviewDigestInput): Promise<SendReviewDigestResult> {
      const started = Date.now();
      const insights = await deps.insights.insights(new Date(input.from), new Date(input.to), DIGEST_TOP);
      log.info('review digest insights read', { ms: Date.now() - started, kbGaps: insights.kbGaps.length });
      const customers = await deps.customers.byIds(insights.accountsAtRisk.map((a) => a.customerId));
      const digest = buildReviewDigest(insights, new Map(customers.map((c) => [c.id, c])), input.digestId);
      const targets = deps.sinks.filter(
        (s): s is NotificationSink & Required<Pick<NotificationSink, 'deliverDigest'>> => !!s.deliverDigest,
      );
      if (targets.length === 0) log.info('review digest built; no sink takes digests', { digest });
      const results = await Promise.allSettled(targets.map((s) => s.deliverDigest(digest)));
      const failed = results.flatMap((r, i) =>
        r.status === 'rejected' ? [`${targets[i].name}: ${String(r.reason)}`] : [],
      );
      // Not urgent, so worth retrying (UNAVAILABLE stays retryable): sinks skip what they delivered under this key.
      if (failed.length > 0)
        throw new AppError(ErrorCode.UNAVAILABLE, `review digest not delivered: ${failed.join('; ')}`);
      return {
        delivered: targets.map((s) => s.name),
        kbGaps: insights.kbGaps.length,
        recurringErrors: insights.recurringErrors.length,
        accountsAtRisk: insights.accountsAtRisk.length,
      };
    },
  };
}
