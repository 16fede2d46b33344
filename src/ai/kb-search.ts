import type { DataSource } from 'typeorm';
import { routeMatches } from './route-match';
import type { RetrievedArticle } from './types';

const ROUTE_BOOST = 0.15;

/**
 * Full-text retrieval over kb_articles. The question becomes an OR of its stemmed terms (so a long question still
 * finds an article that shares most of them), ranked by ts_rank, with coverage of the question's terms as the
 * evidence the confidence is built on, and a boost for articles written for the customer's current page.
 */
export class KbSearch {
  constructor(private readonly ds: DataSource) {}

  async search(question: string, route?: string | null, limit = 5): Promise<RetrievedArticle[]> {
    const rows: Array<{ id: string; title: string; body: string; routes: string[]; rank: number; matched: number; terms: number }> =
      await this.ds.query(
        `WITH terms AS (
           SELECT DISTINCT lexeme FROM unnest(to_tsvector('english', $1)) AS t(lexeme, positions, weights)
           WHERE length(lexeme) > 1
         ), q AS (
           SELECT to_tsquery('simple', string_agg(quote_literal(lexeme), ' | ')) AS query, count(*)::int AS n,
                  array_agg(lexeme) AS lexemes
           FROM terms
         )
         SELECT a.id, a.title, a.body, a.routes, ts_rank(a.search, q.query, 1) AS rank, q.n AS terms,
                (SELECT count(*) FROM unnest(tsvector_to_array(a.search)) x WHERE x = ANY(q.lexemes))::int AS matched
         FROM kb_articles a, q
         WHERE q.n > 0 AND a.search @@ q.query
         ORDER BY rank DESC
         LIMIT 20`,
        [question],
      );
    return rows
      .map((r) => {
        const coverage = r.terms > 0 ? r.matched / r.terms : 0;
        const routeMatch = r.routes.some((p) => routeMatches(p, route));
        const score = coverage * 0.7 + Math.min(Number(r.rank), 1) * 0.3 + (routeMatch ? ROUTE_BOOST : 0);
        return { id: r.id, title: r.title, body: r.body, routes: r.routes, rank: Number(r.rank), coverage, routeMatch, score };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}
