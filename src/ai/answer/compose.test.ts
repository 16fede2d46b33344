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
    // A plan the customer's record names with its billing period ("Starter Annual") is its family to the article.
    expect(composeAnswer(ARTICLE, 'How do I download a payslip as PDF?', { plan: 'Starter Annual', max: 1 })).toMatch(
      /On the Starter plan payslips carry no company logo\.$/,
    );
    expect(
      composeAnswer(ARTICLE, 'How do I download a payslip as PDF?', { plan: 'Growth Monthly', max: 1 }),
    ).not.toMatch(/Starter/);
  });

  const REPORTS =
    'Reports can be shared with anyone in the workspace. Formats: PDF for a whole report, PNG for a single chart and ' +
    'CSV for the data. Export a whole report with the report menu > Export, then choose the format. Exports are kept ' +
    'for 30 days. On the Free plan, PDF exports carry a footer.';
  const STEP = 'Export a whole report with the report menu > Export, then choose the format.';

  it('answers "how do I" with the step that says where to go, not a sentence that only shares its words', () => {
    expect(composeAnswer(REPORTS, 'How do I export a report to PDF?', { max: 1 })).toBe(STEP);
    // "How long" asks for a fact.
    expect(composeAnswer(REPORTS, 'How long are exports kept?', { max: 1 })).toBe('Exports are kept for 30 days.');
  });

  const MEMBERS =
    'Admins manage members at /settings/members. To invite people, click Invite members, enter their email addresses ' +
    'and click Send. Free workspaces can have at most 3 members; to add a fourth person, upgrade or remove someone ' +
    "first. To remove a member, open the ... menu next to their name and choose 'Remove from workspace'.";

  it('opens with the step the question asks for, not one that shares more of the words every sentence has', () => {
    expect(composeAnswer(MEMBERS, 'How do I invite a new member to my workspace?', { max: 1 })).toBe(
      'To invite people, click Invite members, enter their email addresses and click Send.',
    );
    expect(composeAnswer(MEMBERS, 'How do I remove a member?')).toMatch(/^To remove a member, open the \.\.\. menu/);
    // Asked in French, the step for exporting leads.
    expect(
      composeAnswer(`${REPORTS} Pour exporter un graphique, ouvrez son menu.`, 'Comment exporter un graphique ?', {
        max: 1,
      }),
    ).toBe('Pour exporter un graphique, ouvrez son menu.');
  });

  it('reads a question in another language through the glossary and cognates ("exporto", "Bericht")', () => {
    for (const q of [
      '¿Cómo exporto un informe a PDF?',
      'Wie exportiere ich einen Bericht als PDF?',
      'Como exporto um relatório em PDF?',
      // One French function word ("en") and the opening "comment": enough for looksForeign.
      'Comment exporter un rapport en PDF ?',
    ])
      expect(composeAnswer(REPORTS, q, { max: 1 })).toBe(STEP);
  });

  const LIMITS =
    'The API limits how many requests each key can make: 600 requests per minute on Pro and 2,000 on Enterprise. ' +
    'When you go over the limit, the API returns HTTP 429 with a Retry-After header. ' +
    'XY-429 means the key went over its limit; wait and retry. XY-401 means the key was revoked. ' +
    'Invoices are at /settings/billing/invoices. Each invoice lists the requests over the limit.';

  it('weighs the word that tells sentences apart: "the limit on Pro" is the sentence naming Pro', () => {
    expect(composeAnswer(LIMITS, "we're over the limit. what's the limit on Pro?", { max: 1 })).toMatch(
      /^The API limits/,
    );
  });

  it('reads "this" on an error page as the error: its code picks the sentence', () => {
    const answer = (pageError: string) => composeAnswer(LIMITS, 'what does this mean?', { max: 1, pageError });
    expect(answer('XY-401: key revoked')).toBe('XY-401 means the key was revoked.');
    expect(answer('XY-429: too many requests')).toBe('XY-429 means the key went over its limit; wait and retry.');
  });

  it('answers "where" with the sentence that says where to go', () => {
    expect(composeAnswer(LIMITS, 'no need for an agent, just tell me where the invoices are', { max: 1 })).toBe(
      'Invoices are at /settings/billing/invoices.',
    );
    expect(composeAnswer(LIMITS, 'do invoices show requests over the limit?', { max: 1 })).toBe(
      'Each invoice lists the requests over the limit.',
    );
  });

  it('the check names what reads as a fragment', () => {
    expect(answerIssues('Export a whole report with ... Formats: PDF.')).toEqual(['cut-ui-path']);
    expect(answerIssues('They are available on every plan.')).toEqual(['dangling-pronoun']);
    expect(answerIssues('This article describes the refund policy.')).toEqual([]);
    expect(answerIssues('Open Settings and')).toEqual(['unfinished']);
  });
});
