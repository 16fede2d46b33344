import { evaluateDevSet, type DevSetReport } from '../test/support/devset-eval';
import { answerCheckSet, stepFirstSet } from './answers';
import { paraphraseSet } from './paraphrases';
import { demoProduct, payrollProduct, type ProductData } from './products';

/**
 * The evaluation sets `npm run eval` prints, in order. Each set is a name and a function returning its figures; a new
 * set (the account-status answers, say) is one more entry here. `figures` are what the README's table shows.
 */
export interface EvalResult {
  figures: Record<string, string>;
  /** Lines worth reading below the figures (misses, per-language shares). */
  details: string[];
}

export interface EvalSet {
  name: string;
  run(): EvalResult | Promise<EvalResult>;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function decisionFigures(report: DevSetReport): EvalResult {
  const recall = (label: string) => report.perTrigger[label];
  const human = ['EXPLICIT_REQUEST', 'CATEGORY'].map((l) => `${l} ${recall(l).tp}/${recall(l).expected}`).join(', ');
  return {
    figures: {
      conversations: String(report.total),
      decisions: pct(report.decisionAccuracy),
      'fully right': pct(report.fullyCorrectAccuracy),
      'always-human recall': human,
    },
    details: report.misses.map((m) => `${m.id}: expected ${m.expected}, got ${m.predicted}`),
  };
}

export function conversationSet(name: string, product: () => ProductData, file: string): EvalSet {
  return {
    name,
    run() {
      const p = product();
      return decisionFigures(evaluateDevSet(p.conversations(file), p.kb, p.policy, p.customers, p.lexicon));
    },
  };
}

export const EVAL_SETS: EvalSet[] = [
  conversationSet('demo: dev set', demoProduct, 'conversations.dev.json'),
  conversationSet('demo: untouched holdout', demoProduct, 'conversations.holdout.json'),
  conversationSet('payroll: dev part', payrollProduct, 'conversations.dev.json'),
  conversationSet('payroll: untouched part', payrollProduct, 'conversations.untouched.json'),
  conversationSet('payroll: train set', payrollProduct, 'conversations.train.json'),
  answerCheckSet('demo: answer check on the dev set', demoProduct, 'conversations.dev.json'),
  answerCheckSet('payroll: answer check on the dev part', payrollProduct, 'conversations.dev.json'),
  stepFirstSet('demo: the step first on the dev set', demoProduct, 'conversations.dev.json', 'answer-steps.dev.json'),
  stepFirstSet(
    'payroll: the step first on the dev part',
    payrollProduct,
    'conversations.dev.json',
    'answer-steps.dev.json',
  ),
  stepFirstSet(
    'payroll: the step first on the train set (held out for this check)',
    payrollProduct,
    'conversations.train.json',
    'answer-steps.train.json',
  ),
  paraphraseSet('demo: paraphrases of learned articles', demoProduct, 'paraphrases.json'),
  paraphraseSet('demo: paraphrases of general learned articles', demoProduct, 'paraphrases-general.json'),
  paraphraseSet(
    'demo: paraphrases of a third set of learned articles (tunable)',
    demoProduct,
    'paraphrases-third.json',
  ),
  paraphraseSet(
    'demo: paraphrases of a fourth set of learned articles (tunable)',
    demoProduct,
    'paraphrases-fourth.json',
  ),
  paraphraseSet(
    'demo: paraphrases of a fifth set of learned articles (tunable)',
    demoProduct,
    'paraphrases-fifth.json',
  ),
  paraphraseSet('demo: paraphrases, held out (never tuned on)', demoProduct, 'paraphrases-holdout.json'),
];
