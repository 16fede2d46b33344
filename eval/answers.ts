import { answerIssues } from '../src/ai/answer/answer-check';
import { sentences } from '../src/ai/answer/compose';
import { extractAnswer } from '../src/ai/local-answerer';
import type { EvalResult, EvalSet } from './sets';
import type { ProductData } from './products';
import type { LabelledConversation } from '../test/support/devset-eval';

/**
 * The answer check on a labelled set: every turn of every conversation the AI resolves, answered extractively from its
 * labelled article; the share of answers with no issue (cut UI path, dangling pronoun, unfinished sentence).
 */
/**
 * The extractive answer a conversation's turn gets from its labelled article (undefined when the AI is not labelled
 * to resolve it), with the customer's page and plan as the workflow passes them.
 */
function labelledAnswers(p: ProductData): (conv: LabelledConversation, turn: string) => string | undefined {
  const bodies = new Map(p.kb.map((a) => [a.id, a.body]));
  const plans = new Map(p.customers.map((c) => [c.id, c.plan]));
  return (conv, turn) => {
    const body = conv.expected.outcome === 'AI_RESOLVES' ? bodies.get(conv.expected.articleId ?? '') : undefined;
    return body && extractAnswer(body, turn, { pageContext: conv.pageContext, plan: plans.get(conv.customerId) });
  };
}

export function answerCheckSet(name: string, product: () => ProductData, file: string): EvalSet {
  return {
    name,
    run(): EvalResult {
      const p = product();
      const answerOf = labelledAnswers(p);
      const counts = new Map<string, number>();
      const details: string[] = [];
      let answers = 0;
      let clean = 0;
      for (const conv of p.conversations(file)) {
        for (const turn of conv.turns) {
          const answer = answerOf(conv, turn);
          if (answer === undefined) break;
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

interface StepLabels {
  turns: { conversation: string; turn: number; first: string[]; why: string }[];
}

/**
 * The step first (README: "Answers a person would write"): every resolved turn of a labelled set has, in
 * `<product dir>/answer-steps.<set>.json`, what its answer must open with, written from the question and the article
 * before any answer was read. An answer passes when its first sentence says one of them; one that says it later only
 * counts as "further down".
 */
export function stepFirstSet(name: string, product: () => ProductData, file: string, labelsFile: string): EvalSet {
  return {
    name,
    run(): EvalResult {
      const p = product();
      const labels = p.read<StepLabels>(labelsFile);
      const conversations = new Map(p.conversations(file).map((c) => [c.id, c]));
      const answerOf = labelledAnswers(p);
      const details: string[] = [];
      let first = 0;
      let later = 0;
      for (const label of labels.turns) {
        const conv = conversations.get(label.conversation);
        const question = conv?.turns[label.turn];
        const answer = conv && question !== undefined ? answerOf(conv, question) : undefined;
        if (answer === undefined)
          throw new Error(`${labelsFile}: no resolved turn ${label.conversation}#${label.turn}`);
        const says = (text: string) => label.first.some((f) => text.toLowerCase().includes(f.toLowerCase()));
        if (says(sentences(answer)[0] ?? '')) first++;
        else {
          if (says(answer)) later++;
          details.push(
            `${label.conversation}#${label.turn} (${label.why}) ${says(answer) ? 'further down' : 'missing'}: ${answer.slice(0, 160)}`,
          );
        }
      }
      const n = labels.turns.length;
      return {
        figures: {
          answers: String(n),
          'the step first': `${((first / Math.max(1, n)) * 100).toFixed(1)}%`,
          'further down': String(later),
          missing: String(n - first - later),
        },
        details,
      };
    },
  };
}
