import { answerIssues } from '../src/ai/answer/answer-check';
import { extractAnswer } from '../src/ai/local-answerer';
import type { EvalResult, EvalSet } from './sets';
import type { ProductData } from './products';

/**
 * The answer check on a labelled set: every turn of every conversation the AI resolves, answered extractively from its
 * labelled article; the share of answers with no issue (cut UI path, dangling pronoun, unfinished sentence).
 */
export function answerCheckSet(name: string, product: () => ProductData, file: string): EvalSet {
  return {
    name,
    run(): EvalResult {
      const p = product();
      const bodies = new Map(p.kb.map((a) => [a.id, a.body]));
      const counts = new Map<string, number>();
      const details: string[] = [];
      let answers = 0;
      let clean = 0;
      for (const conv of p.conversations(file)) {
        const body = conv.expected.outcome === 'AI_RESOLVES' ? bodies.get(conv.expected.articleId ?? '') : undefined;
        if (!body) continue;
        for (const turn of conv.turns) {
          const answer = extractAnswer(body, turn);
          const issues = answerIssues(answer);
          answers++;
          if (issues.length === 0) clean++;
          for (const i of issues) counts.set(i, (counts.get(i) ?? 0) + 1);
          if (issues.length > 0) details.push(`${conv.id} [${issues.join(', ')}]: ${answer.slice(0, 140)}`);
        }
      }
      return {
        figures: {
          answers: String(answers),
          'read as complete': `${((clean / Math.max(1, answers)) * 100).toFixed(1)}%`,
          issues: [...counts].map(([k, v]) => `${k} ${v}`).join(', ') || 'none',
        },
        details,
      };
    },
  };
}
