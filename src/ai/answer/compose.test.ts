import { answerIssues } from './answer-check';
import { composeAnswer, sentences } from './compose';

const ARTICLE =
  "Payslips are published when a pay run is submitted. Download one with the payslip's ... > Download PDF, or all of a " +
  "year's with ... > Download all. They are kept for 3 years after an employee's last pay date. On the Starter plan " +
  'payslips carry no company logo. Logos are set at Settings > Company > Branding.';

describe('extractive answers a person would write', () => {
  it('never cuts a UI path at its "..."', () => {
    expect(sentences(ARTICLE)[1]).toBe(
      "Download one with the payslip's ... > Download PDF, or all of a year's with ... > Download all.",
    );
    const answer = composeAnswer(ARTICLE, 'How do I download a payslip as PDF?');
    expect(answer).toContain('... > Download PDF');
    expect(answerIssues(answer)).toEqual([]);
  });

  it('brings the sentence before an opening pronoun, ahead of the asked sentence', () => {
    const answer = composeAnswer(ARTICLE, 'how long are they kept after the last pay date?', { max: 1 });
    expect(answer.startsWith('Download one with')).toBe(true);
    expect(answer).toContain('They are kept for 3 years');
    expect(answerIssues(answer)).toEqual([]);
  });

  it("adds what the article says about the customer's plan", () => {
    expect(composeAnswer(ARTICLE, 'How do I download a payslip as PDF?', { plan: 'Starter', max: 1 })).toMatch(
      /Download PDF.*On the Starter plan payslips carry no company logo\.$/,
    );
  });

  it('the check names what reads as a fragment', () => {
    expect(answerIssues('Export a whole report with ... Formats: PDF.')).toEqual(['cut-ui-path']);
    expect(answerIssues('They are available on every plan.')).toEqual(['dangling-pronoun']);
    expect(answerIssues('This article describes the refund policy.')).toEqual([]);
    expect(answerIssues('Open Settings and')).toEqual(['unfinished']);
  });
});
