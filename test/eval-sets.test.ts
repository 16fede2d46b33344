import { answerCheckSet, stepFirstSet } from '../eval/answers';
import { payrollProduct, demoProduct } from '../eval/products';
import { paraphraseSet } from '../eval/paraphrases';
import { conversationSet } from '../eval/sets';

/**
 * Paraphrases answered from the learned article: the levels reached (of 18, of 42 in the general, third and fourth
 * sets, and of 25 held out), see README.
 */
const PARAPHRASES_ANSWERED = 18;
const GENERAL_PARAPHRASES_ANSWERED = 38;
const THIRD_PARAPHRASES_ANSWERED = 40;
const FOURTH_PARAPHRASES_ANSWERED = 38;
const FIFTH_PARAPHRASES_ANSWERED = 20;
const HELD_OUT_PARAPHRASES_ANSWERED = 19;

/**
 * The figures `npm run eval` prints, held as floors: the second product (payroll) through the same code with only
 * its own data files, and the answer check on both products' tunable sets. The demo's own sets are held by
 * src/ai/analysis/analysis.test.ts.
 */
const figure = (v: string) => Number.parseFloat(v) / 100;

it('payroll, untouched part (never tuned on): at least 92% decisions and 87% fully right', async () => {
  const { figures } = await conversationSet('payroll', payrollProduct, 'conversations.untouched.json').run();
  console.log('payroll untouched', figures);
  expect(figure(figures.decisions)).toBeGreaterThanOrEqual(0.92);
  expect(figure(figures['fully right'])).toBeGreaterThanOrEqual(0.87);
});

it('payroll, dev part: at least 96% decisions and fully right', async () => {
  const { figures } = await conversationSet('payroll', payrollProduct, 'conversations.dev.json').run();
  expect(figure(figures.decisions)).toBeGreaterThanOrEqual(0.96);
  expect(figure(figures['fully right'])).toBeGreaterThanOrEqual(0.96);
});

it('payroll, train set: at least 96.4% decisions and 90.2% fully right, every always-human conversation caught', async () => {
  const { figures } = await conversationSet('payroll', payrollProduct, 'conversations.train.json').run();
  expect(figure(figures.decisions)).toBeGreaterThanOrEqual(0.964);
  expect(figure(figures['fully right'])).toBeGreaterThanOrEqual(0.902);
  expect(figures['always-human recall']).toBe('EXPLICIT_REQUEST 8/8, CATEGORY 18/18');
});

it.each([
  ['demo', demoProduct],
  ['payroll', payrollProduct],
])('%s: every extractive answer on the dev set reads as complete (the answer check)', async (_name, product) => {
  const { figures, details } = await answerCheckSet('answers', product, 'conversations.dev.json').run();
  expect(details).toEqual([]);
  expect(figures['read as complete']).toBe('100.0%');
});

it.each([
  ['demo dev set', demoProduct, 'conversations.dev.json', 0.711],
  ['payroll dev part', payrollProduct, 'conversations.dev.json', 0.677],
  ['payroll train set, held out for this check', payrollProduct, 'conversations.train.json', 0.743],
])(
  '%s: answers open with the step the question asks for at least as often as measured',
  async (_n, product, file, floor) => {
    const labels = file.replace('conversations', 'answer-steps');
    const { figures } = await stepFirstSet('steps', product, file, labels).run();
    expect(figure(figures['the step first'])).toBeGreaterThanOrEqual(floor);
  },
);

it('a learned article answers questions unrelated to it never, and its paraphrases at least as often as measured', async () => {
  const { figures } = await paraphraseSet('paraphrases', demoProduct, 'paraphrases.json').run();
  console.log('paraphrases', figures);
  expect(figures['unrelated captured']).toBe('0/8');
  expect(Number(figures.paraphrases.split('/')[0])).toBeGreaterThanOrEqual(PARAPHRASES_ANSWERED);
}, 60_000);

it('general learned articles (language, login email, picture, folders, favourites, comments): same, in five languages', async () => {
  const { figures } = await paraphraseSet('general', demoProduct, 'paraphrases-general.json').run();
  console.log('general paraphrases', figures);
  expect(figures['unrelated captured']).toBe('0/13');
  expect(Number(figures.paraphrases.split('/')[0])).toBeGreaterThanOrEqual(GENERAL_PARAPHRASES_ANSWERED);
}, 60_000);

it('the third and fourth sets (topics the KB lacks, in five languages): paraphrases at least as measured', async () => {
  const third = (await paraphraseSet('third', demoProduct, 'paraphrases-third.json').run()).figures;
  expect(third['unrelated captured']).toBe('0/13');
  expect(Number(third.paraphrases.split('/')[0])).toBeGreaterThanOrEqual(THIRD_PARAPHRASES_ANSWERED);
  const fourth = (await paraphraseSet('fourth', demoProduct, 'paraphrases-fourth.json').run()).figures;
  console.log('third paraphrases', third, 'fourth paraphrases', fourth);
  // One capture is known: the KB's data-retention article covers version history too, and "restore a deleted
  // dashboard" goes to the learned version-history article (README: Paraphrases of learned articles).
  expect(Number(fourth['unrelated captured'].split('/')[0])).toBeLessThanOrEqual(1);
  expect(Number(fourth.paraphrases.split('/')[0])).toBeGreaterThanOrEqual(FOURTH_PARAPHRASES_ANSWERED);
}, 60_000);

it('the fifth set (first measured before the interface lexicon, at 17/42): paraphrases at least as measured', async () => {
  const { figures } = await paraphraseSet('fifth', demoProduct, 'paraphrases-fifth.json').run();
  console.log('fifth paraphrases', figures);
  // One capture is known since the set was written: "Can I rename a column in a table chart?" goes to the learned
  // table-sorting article (columns of a table chart).
  expect(Number(figures['unrelated captured'].split('/')[0])).toBeLessThanOrEqual(1);
  expect(Number(figures.paraphrases.split('/')[0])).toBeGreaterThanOrEqual(FIFTH_PARAPHRASES_ANSWERED);
}, 60_000);

it('the held-out paraphrase set (never tuned on): nothing unrelated captured, paraphrases at least as measured', async () => {
  const { figures } = await paraphraseSet('held out', demoProduct, 'paraphrases-holdout.json').run();
  console.log('held-out paraphrases', figures);
  expect(figures['unrelated captured']).toBe('0/10');
  expect(Number(figures.paraphrases.split('/')[0])).toBeGreaterThanOrEqual(HELD_OUT_PARAPHRASES_ANSWERED);
}, 60_000);
