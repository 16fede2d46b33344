import type { DataSource } from 'typeorm';
import { storedDigestSections } from '../db/json/report-json';
import type { ReviewDigest } from '../integrations/notification';
import { decodeCursor, pageOf, pageSize, type Page } from './pagination';
import type { Insights } from './insights.service';

export const REVIEW_DIGEST_KIND = 'WEEKLY_DIGEST';
/** Entries per section: a digest is read in a minute; the insights query has the rest. */
export const DIGEST_TOP = 5;

const day = (d: Date) => d.toISOString().slice(0, 10);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface CustomerName {
  name: string;
  company: string | null;
}

/** The weekly review, from the insights of the window: what to write in the KB, what to fix, whom to call. */
export function buildReviewDigest(i: Insights, customers: Map<string, CustomerName>, dedupeKey: string): ReviewDigest {
  const orNone = (lines: string[]) => (lines.length > 0 ? lines : ['none this week']);
  const who = (id: string) => {
    const c = customers.get(id);
    return c ? `${c.name}${c.company ? ` (${c.company})` : ''} [${id}]` : id;
  };
  return {
    kind: REVIEW_DIGEST_KIND,
    title: `Weekly support review, ${day(i.from)} to ${day(i.to)} (UTC)`,
    sections: [
      {
        heading: 'Knowledge-base gaps: escalated questions no article covers',
        lines: orNone(i.kbGaps.slice(0, DIGEST_TOP).map((g) => `"${g.label}": ${plural(g.count, 'conversation')}`)),
      },
      {
        heading: 'Recurring errors',
        lines: orNone(
          i.recurringErrors
            .slice(0, DIGEST_TOP)
            .map(
              (e) =>
                `${e.code}: ${plural(e.count, 'conversation')}${e.routes.length ? ` on ${e.routes.join(', ')}` : ''}`,
            ),
        ),
      },
      {
        heading: 'Hot routes',
        lines: orNone(
          i.hotRoutes
            .slice(0, DIGEST_TOP)
            .map((r) => `${r.route}: ${plural(r.count, 'conversation')}, ${r.escalations} escalated`),
        ),
      },
      {
        heading: 'Accounts at risk',
        lines: orNone(
          i.accountsAtRisk.slice(0, DIGEST_TOP).map((a) => `${who(a.customerId)}: ${a.reasons.join('; ')}`),
        ),
      },
    ],
    dedupeKey,
  };
}

export interface StoredDigest {
  id: string;
  kind: string;
  title: string;
  sections: Array<{ heading: string; lines: string[] }>;
  createdAt: Date;
}

/** The digests the in-app sink kept, newest first, a page at a time. */
export async function listReviewDigests(
  ds: DataSource,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<StoredDigest>> {
  const size = pageSize(first);
  const cursor = decodeCursor(after, 1);
  const rows: Array<Omit<StoredDigest, 'sections'> & { sections: unknown }> = await ds.query(
    `SELECT id::text, kind, title, sections, created_at AS "createdAt" FROM review_digests
     WHERE ($1::bigint IS NULL OR id < $1::bigint) ORDER BY id DESC LIMIT $2`,
    [cursor ? String(cursor[0]) : null, size + 1],
  );
  const digests = rows.map((r) => ({ ...r, sections: storedDigestSections(r.id, r.sections) }));
  return pageOf(digests, size, (r) => [r.id], cursor !== null);
}
