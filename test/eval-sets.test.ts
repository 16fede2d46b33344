import { answerCheckSet } from '../eval/answers';
import { payrollProduct, demoProduct } from '../eval/products';
import { conversationSet } from '../eval/sets';

/**
 * The figures `npm run eval` prints, held as floors: the second product (payroll) through the same code with only
 * its own data files, and the answer check on both products' tunable sets. The demo's own sets are held by
 * src/ai/analysis/analysis.test.ts.
 */
const figure = (v: string) => Number.parseFloat(v) / 100;

it('payroll, untouched part (never tuned on): at least 88% decisions and 80% fully right', () => {
  const { figures } = conversationSet('payroll', payrollProduct, 'conversations.untouched.json').run();
  console.log('payroll untouched', figures);
  expect(figure(figures.decisions)).toBeGreaterThanOrEqual(0.88);
  expect(figure(figures['fully right'])).toBeGreaterThanOrEqual(0.8);
});

it('payroll, dev part: at least 86% decisions and fully right', () => {
  const { figures } = conversationSet('payroll', payrollProduct, 'conversations.dev.json').run();
  expect(figure(figures.decisions)).toBeGreaterThanOrEqual(0.86);
  expect(figure(figures['fully right'])).toBeGreaterThanOrEqual(0.86);
});

it.each([
  ['demo', demoProduct],
  ['payroll', payrollProduct],
])('%s: every extractive answer on the dev set reads as complete (the answer check)', (_name, product) => {
  const { figures, details } = answerCheckSet('answers', product, 'conversations.dev.json').run();
  expect(details).toEqual([]);
  expect(figures['read as complete']).toBe('100.0%');
});
