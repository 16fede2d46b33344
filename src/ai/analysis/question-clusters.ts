import type { KbIndex } from './kb-index';
import { isGenericTerm } from './kb-lexicon';
import { clauses, contentTerms, isQuestion, looksForeign, termGroups, uniq } from './text';

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
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) dot += w * (large.get(t) ?? 0);
  const n = norm(a) * norm(b);
  return n > 0 ? dot / n : 0;
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
}

export function clusterQuestions(
  items: ClusterInput[],
  kb: KbIndex,
  threshold = DEFAULT_CLUSTER_SIMILARITY,
): QuestionCluster[] {
  const vectors = items.map((i) => questionVector(i.text, kb));
  const clusters: Cluster[] = [];
  vectors.forEach((v, i) => {
    let best: Cluster | null = null;
    let bestSim = 0;
    if (v.size > 0) {
      for (const c of clusters) {
        const sim = cosine(v, c.sum);
        if (sim > bestSim) [best, bestSim] = [c, sim];
      }
    }
    if (best && bestSim >= threshold) {
      best.members.push(i);
      add(best.sum, v);
    } else clusters.push({ members: [i], sum: new Map(v) });
  });
  // A cluster that grew towards another one since they were split: join them.
  for (;;) {
    let pair: [number, number] | null = null;
    let bestSim = threshold;
    for (let a = 0; a < clusters.length; a++) {
      for (let b = a + 1; b < clusters.length; b++) {
        const sim = cosine(clusters[a].sum, clusters[b].sum);
        if (sim >= bestSim && (pair === null || sim > bestSim)) [pair, bestSim] = [[a, b], sim];
      }
    }
    if (!pair) break;
    const [a, b] = pair;
    clusters[a].members = [...clusters[a].members, ...clusters[b].members].sort((x, y) => x - y);
    add(clusters[a].sum, clusters[b].sum);
    clusters.splice(b, 1);
  }
  return clusters
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
