import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decideEscalation } from '../domain/decide';
import { analyzeTurn } from '../src/ai/analysis/analyze-turn';
import { KbIndex } from '../src/ai/analysis/kb-index';
import { assembledDraft } from '../src/ai/kb-draft';
import { repoRoot } from '../src/paths';
import type { ProductData } from './products';
import type { EvalResult, EvalSet } from './sets';

interface ParaphraseFixture {
  learned: Array<{ id: string; question: string; answer: string; paraphrases: Array<{ lang: string; text: string }> }>;
  unrelated: string[];
}

/**
 * Learning that generalises: each learned article is drafted from its question and answer the way an approval adds
 * it (assembledDraft), added to the product's KB, then asked in other words and languages. A paraphrase counts when
 * the AI answers it (no escalation, at the most lenient tier's threshold of the PRO tier) from the new article; an
 * unrelated question counts as captured when the new article answers it.
 */
export async function paraphraseFigures(product: ProductData, file: string): Promise<EvalResult> {
  const fixture = JSON.parse(
    readFileSync(path.join(repoRoot(), 'test', 'fixtures', file), 'utf8'),
  ) as ParaphraseFixture;
  const learned = await Promise.all(
    fixture.learned.map(async (l) => {
      const draft = await assembledDraft({ question: l.question, agentReplies: [l.answer] });
      return { id: l.id, title: draft.title, body: draft.body, tags: [], routes: [] };
    }),
  );
  const kb = KbIndex.build([...product.kb, ...learned], product.lexicon);
  const answeredFrom = (text: string) => {
    const signals = analyzeTurn({ turns: [text], pageContext: {}, kb });
    const decision = decideEscalation(signals, product.policy, 'PRO', 0);
    return decision.escalate ? null : signals.answer.articleId;
  };
  const perLang = new Map<string, { ok: number; total: number }>();
  const details: string[] = [];
  for (const l of fixture.learned) {
    for (const p of l.paraphrases) {
      const got = answeredFrom(p.text);
      const t = perLang.get(p.lang) ?? { ok: 0, total: 0 };
      t.total++;
      if (got === l.id) t.ok++;
      else details.push(`${l.id} [${p.lang}] "${p.text}" → ${got ?? 'escalated'}`);
      perLang.set(p.lang, t);
    }
  }
  const ids = new Set(learned.map((l) => l.id));
  const captured = fixture.unrelated.filter((q) => ids.has(answeredFrom(q) ?? ''));
  for (const q of captured) details.push(`unrelated captured: "${q}"`);
  const all = [...perLang.values()].reduce((s, t) => ({ ok: s.ok + t.ok, total: s.total + t.total }), {
    ok: 0,
    total: 0,
  });
  const pct = (t: { ok: number; total: number }) => `${((t.ok / Math.max(1, t.total)) * 100).toFixed(0)}%`;
  return {
    figures: {
      paraphrases: `${all.ok}/${all.total} (${pct(all)})`,
      'per language': [...perLang].map(([lang, t]) => `${lang} ${t.ok}/${t.total}`).join(', '),
      'unrelated captured': `${captured.length}/${fixture.unrelated.length}`,
    },
    details,
  };
}

export function paraphraseSet(name: string, product: () => ProductData, file: string): EvalSet {
  return { name, run: () => paraphraseFigures(product(), file) };
}
