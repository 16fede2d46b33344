import { assembledDraft } from './kb-draft';
import { KbIndex } from './analysis/kb-index';
import { GENERIC_LEXICON } from './analysis/lexicon';
import { scrubPersonalData } from './scrub';

describe('drafts carry no customer details to the next customer', () => {
  it('scrubs names, emails, companies, account and invoice ids and URLs with ids', () => {
    const text =
      "Hi, I'm Priya Raman from Brightloop. Invoice INV-2024-0012 for acct_1N2b3C4d5E was charged twice, see " +
      'https://app.example.com/billing/invoices/8812?ref=abc. Email me at priya@brightloop.io or ask Kleinwerk GmbH.';
    const out = scrubPersonalData(text);
    for (const leaked of [
      'Priya',
      'Raman',
      'Brightloop',
      'INV-2024-0012',
      'acct_1N2b3C4d5E',
      '8812',
      'priya@',
      'Kleinwerk',
    ])
      expect(out).not.toContain(leaked);
    expect(out).toContain('/billing/invoices/:id');
    expect(out).toContain('charged twice');
  });

  it('scrubs the people the conversation names, in any case, and leaves product words alone', () => {
    const out = scrubPersonalData('Thanks Tom, open Settings > Billing and ask tom becker at Acme.', {
      names: ['Tom Becker'],
      companies: ['Acme'],
    });
    expect(out).toBe('Thanks [name], open Settings > Billing and ask [name] at [company].');
    expect(scrubPersonalData('Hola, soy Ana de Kleinwerk: ¿cómo exporto el informe /reports/2210?')).toBe(
      'Hola, soy [name] de [company]: ¿cómo exporto el informe /reports/:id?',
    );
  });

  it('the scrubbed draft is still what retrieval finds for the question', async () => {
    const draft = await assembledDraft({
      question: 'Hi, I am Ana Ruiz from Kleinwerk GmbH: is there a list of keyboard shortcuts in the report editor?',
      agentReplies: ['Hi Ana! Press ? in the report editor to see every keyboard shortcut. Cheers, Tom'],
      known: { names: ['Ana Ruiz', 'Tom'], companies: ['Kleinwerk'] },
    });
    expect(`${draft.title} ${draft.body}`).not.toMatch(/Ana|Ruiz|Kleinwerk|Tom/);
    const other = {
      id: 'kb-1',
      title: 'Exporting reports',
      body: 'Export a report as PDF from its menu.',
      tags: [],
      routes: [],
    };
    const kb = KbIndex.build([other, { id: 'draft', ...draft, tags: [], routes: [] }], GENERIC_LEXICON);
    expect(kb.search('Which keyboard shortcuts does the report editor have?')[0].id).toBe('draft');
  });
});
