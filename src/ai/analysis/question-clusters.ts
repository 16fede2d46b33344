import type { KbIndex } from './kb-index';
import { isGenericTerm } from './kb-lexicon';
import { looksForeign } from './language';
import { clauses, contentTerms, isQuestion, termGroups, uniq } from './text';

/**
 * Groups customer questions that ask the same thing, worded differently or in another language ("I can't find the
 * audit log export" / "where do I export the audit log?" / "¿dónde exporto el registro de auditoría?"). Pure and
 * deterministic: the same questions in the same order always give the same clusters.
 *
 * A question becomes a vector of its content terms (glossary-translated, stemmed), each weighted by how rare it is
 * in the knowledge base: the thing the KB never mentions ("bigquery", "quiet hours") weighs most, words every article
 * uses ("invoice") little, generic words ("fix", "problem") nothing. Questions join the cluster whose summed
 * vector they are most similar to (cosine) when that similarity reaches the threshold; clusters that end up that
 * similar to each other are merged.
 */

export interface ClusterInput {
  id: string;
  text: string;
}

export interface QuestionCluster {
  /** Member ids in input order. */
  ids: string[];
  /** The clause of the most representative question that carries the cluster's key terms. */
  label: string;
}

export const DEFAULT_CLUSTER_SIMILARITY = 0.5;
const LABEL_MAX = 120;

type Vec = Map<string, number>;

function norm(v: Vec): number {
  let s = 0;
  for (const w of v.values()) s += w * w;
  return Math.sqrt(s);
}

export function cosine(a: Vec, b: Vec): number {
  return cosineKnown(a, norm(a), b, norm(b));
}

function add(into: Vec, v: Vec): void {
  for (const [t, w] of v) into.set(t, (into.get(t) ?? 0) + w);
}

/** The weighted terms of one text; in another language, only the words the KB knows and names (untranslated grammar is noise). */
export function questionVector(text: string, kb: KbIndex): Vec {
  const foreign = looksForeign(text);
  const names = foreign
    ? new Set(
        termGroups(text)
          .filter((g) => g.name)
          .flatMap((g) => g.stems),
      )
    : null;
  const v: Vec = new Map();
  for (const t of uniq(contentTerms(text).terms)) {
    if (isGenericTerm(t)) continue;
    if (names && !kb.knows(t) && !names.has(t)) continue;
    v.set(t, Math.log(1 + kb.size / (1 + kb.documentFrequency(t))));
  }
  return v;
}

interface Cluster {
  members: number[];
  sum: Vec;
  /** norm(sum), kept current as the sum grows. */
  norm: number;
}

/** The similarity of two vectors whose norms are known (the same figure `cosine` computes). */
function cosineKnown(a: Vec, na: number, b: Vec, nb: number): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) dot += w * (large.get(t) ?? 0);
  const n = na * nb;
  return n > 0 ? dot / n : 0;
}

/**
 * Clusters sharing no term have similarity 0, so each question is compared only with the clusters that share one of
 * its terms (an inverted index), and merging rescores only the merged cluster's pairs: a week with thousands of
 * uncovered questions clusters in well under a second instead of minutes of a busy event loop. Same clusters, in the
 * same order, as comparing every pair.
 */
export function clusterQuestions(
  items: ClusterInput[],
  kb: KbIndex,
  threshold = DEFAULT_CLUSTER_SIMILARITY,
): QuestionCluster[] {
  const vectors = items.map((i) => questionVector(i.text, kb));
  // Clusters in creation order; a merged-away cluster becomes null (the survivors keep their order).
  const clusters: Array<Cluster | null> = [];
  const byTerm = new Map<string, Set<number>>();
  const index = (id: number, terms: Iterable<string>) => {
    for (const t of terms) {
      let ids = byTerm.get(t);
      if (!ids) byTerm.set(t, (ids = new Set()));
      ids.add(id);
    }
  };
  const sharing = (v: Vec): number[] => {
    const ids = new Set<number>();
    for (const t of v.keys()) for (const id of byTerm.get(t) ?? []) ids.add(id);
    return [...ids].sort((x, y) => x - y);
  };
  vectors.forEach((v, i) => {
    let best = -1;
    let bestSim = 0;
    if (v.size > 0) {
      const nv = norm(v);
      for (const id of sharing(v)) {
        const c = clusters[id]!;
        const sim = cosineKnown(v, nv, c.sum, c.norm);
        if (sim > bestSim) [best, bestSim] = [id, sim];
      }
    }
    if (best >= 0 && bestSim >= threshold) {
      const c = clusters[best]!;
      c.members.push(i);
      add(c.sum, v);
      c.norm = norm(c.sum);
      index(best, v.keys());
    } else {
      clusters.push({ members: [i], sum: new Map(v), norm: norm(v) });
      index(clusters.length - 1, v.keys());
    }
  });
  // A cluster that grew towards another one since they were split: join them, the most similar pair first (ties:
  // the earliest pair), until no pair reaches the threshold.
  const pairs = new Map<string, { a: number; b: number; sim: number }>();
  const score = (a: number) => {
    const ca = clusters[a]!;
    for (const b of sharing(ca.sum)) {
      if (b === a) continue;
      const [x, y] = a < b ? [a, b] : [b, a];
      const sim = cosineKnown(clusters[x]!.sum, clusters[x]!.norm, clusters[y]!.sum, clusters[y]!.norm);
      if (sim >= threshold) pairs.set(`${x}:${y}`, { a: x, b: y, sim });
    }
  };
  clusters.forEach((_, a) => score(a));
  for (;;) {
    let pair: { a: number; b: number; sim: number } | null = null;
    for (const p of pairs.values()) {
      if (!pair || p.sim > pair.sim || (p.sim === pair.sim && (p.a < pair.a || (p.a === pair.a && p.b < pair.b))))
        pair = p;
    }
    if (!pair) break;
    const { a, b } = pair;
    const [ca, cb] = [clusters[a]!, clusters[b]!];
    for (const [key, p] of pairs) if (p.a === a || p.b === a || p.a === b || p.b === b) pairs.delete(key);
    ca.members = [...ca.members, ...cb.members].sort((x, y) => x - y);
    add(ca.sum, cb.sum);
    ca.norm = norm(ca.sum);
    clusters[b] = null;
    for (const t of cb.sum.keys()) {
      const ids = byTerm.get(t)!;
      ids.delete(b);
      ids.add(a);
    }
    score(a);
  }
  return clusters
    .filter((c): c is Cluster => c !== null)
    .map((c) => ({ c, first: c.members[0] }))
    .sort((x, y) => y.c.members.length - x.c.members.length || x.first - y.first)
    .map(({ c }) => ({ ids: c.members.map((i) => items[i].id), label: labelOf(c, items, vectors, kb) }));
}

/** The medoid question (closest to the cluster's centre), cut to its clause that weighs most in the cluster. */
function labelOf(c: Cluster, items: ClusterInput[], vectors: Vec[], kb: KbIndex): string {
  let medoid = c.members[0];
  let bestSim = -1;
  for (const i of c.members) {
    // Between equally representative questions, one in English: the language the team and the KB are written in.
    const sim = cosine(vectors[i], c.sum) + (looksForeign(items[i].text) ? 0 : 1e-6);
    if (sim > bestSim + 1e-9) [medoid, bestSim] = [i, sim];
  }
  // The cluster's key terms: those at least half its questions share (every term of a lone question).
  const quorum = c.members.length === 1 ? 1 : Math.max(2, Math.ceil(c.members.length / 2));
  const key = new Map<string, number>();
  for (const t of c.sum.keys()) {
    const n = c.members.filter((i) => vectors[i].has(t)).length;
    if (n >= quorum) key.set(t, vectors[c.members.find((i) => vectors[i].has(t))!].get(t)!);
  }
  const text = items[medoid].text;
  const parts = clauses(text);
  let label = text;
  let bestScore = -1;
  for (const part of parts.length > 0 ? parts : [text]) {
    let w = 0;
    for (const t of questionVector(part, kb).keys()) w += key.get(t) ?? 0;
    // The question itself rather than the scenario around it, unless the scenario carries clearly more.
    const score = w * (isQuestion(part) ? 1.25 : 1);
    if (score > bestScore) [label, bestScore] = [part, score];
  }
  const flat = label.replace(/\s+/g, ' ').trim();
  return flat.length > LABEL_MAX ? `${flat.slice(0, LABEL_MAX - 1)}…` : flat;
}
