import type { DataSource } from 'typeorm';
import { storedDigestSections } from '../db/json/report-json';
import { decodeCursor, pageOf, pageSize, type Page } from './pagination';

// The reading side of the in-app digest sink (notify.activities writes review_digests). Apart from review-digest.ts,
// which builds a digest from insights: the insights service lists digests, so this module must not need insights.

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
