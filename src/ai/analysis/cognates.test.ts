import { KbIndex, type KbArticleInput } from './kb-index';
import { GENERIC_LEXICON, parseLexicon, type Lexicon } from './lexicon';
import { askSpans } from './ask-spans';
import { looksForeign } from './language';
import { contentTerms } from './text';

const article = (id: string, title: string, body: string): KbArticleInput => ({
  id,
  title,
  body,
  tags: [],
  routes: [],
});

const KB = [
  article(
    'retries',
    'Webhook retries',
    'Deliveries can arrive more than once: deduplicate them by event id. Failed deliveries are retried automatically.',
  ),
  article('theme', 'Appearance', 'Open your profile menu > Appearance > Theme and choose Light, Dark or System.'),
  article('invoices', 'Invoices', 'Invoices are emailed to the billing contact every month and listed under Billing.'),
];

describe('language tooling: Snowball stemmers and stop words (@orama/stemmers, @orama/stopwords)', () => {
  const kb = KbIndex.build(KB, GENERIC_LEXICON);
  const terms = (q: string) => kb.within(() => contentTerms(q).terms);

  it('matches a word the KB never uses to its cognate in the KB, through its own language’s stemmer', () => {
    // "automáticamente" (es), "automatiquement" (fr), "automatisch" (de) stem like "automatically" (en).
    for (const q of ['¿Se reintentan automáticamente?', 'Est-ce réessayé automatiquement ?', 'Automatisch?']) {
      expect(terms(q)).toContain(terms('automatically')[0]);
    }
    expect(kb.search('¿Los eventos pueden llegar duplicados?')[0].id).toBe('retries');
  });

  it('leaves short stems and function words alone, and works only against a KB', () => {
    // "nota" stems to "not" in Spanish: too short to be a cognate of anything.
    expect(terms('nota')).toEqual(contentTerms('nota').terms);
    // Outside an index's analysis nothing is bridged: the KB is indexed with its own words.
    expect(contentTerms('automáticamente').terms).not.toContain(terms('automatically')[0]);
  });

  /** The KB with a one-word Spanish glossary ("factura" → invoice). */
  const kbWithGlossary = () => {
    const lexicon: Lexicon = parseLexicon({
      productNames: [],
      assets: [],
      tenant: ['account'],
      glossary: { words: { factura: 'invoice' }, phrases: {} },
    });
    return KbIndex.build(KB, lexicon);
  };

  it('finds the glossary entry of another form of a word in the same language', () => {
    const withGlossary = kbWithGlossary();
    // "facturas" is no entry; its Spanish stem is the stem of "factura", which is.
    expect(withGlossary.within(() => contentTerms('¿Dónde están mis facturas?').terms)).toContain(
      withGlossary.within(() => contentTerms('invoice').terms[0]),
    );
    expect(withGlossary.search('¿Dónde están mis facturas?')[0].id).toBe('invoices');
  });

  it('remembers a text’s terms per lexicon and KB, as frozen arrays the callers share', () => {
    const withGlossary = kbWithGlossary();
    const q = '¿Dónde están mis facturas? Se reintentan automáticamente';
    const plain = contentTerms(q);
    const inKb = kb.within(() => contentTerms(q));
    const inGlossaryKb = withGlossary.within(() => contentTerms(q));
    // Each context reads the text its own way, also after the others were asked (answers remembered per context).
    expect(inKb.terms).toContain(terms('automatically')[0]);
    expect(plain.terms).not.toContain(terms('automatically')[0]);
    expect(inGlossaryKb.terms).toContain(withGlossary.within(() => contentTerms('invoice').terms[0]));
    expect(contentTerms(q)).toBe(plain);
    expect(kb.within(() => contentTerms(q))).toBe(inKb);
    expect(withGlossary.within(() => contentTerms(q))).toBe(inGlossaryKb);
    expect(Object.isFrozen(inKb.terms) && Object.isFrozen(inKb.expanded)).toBe(true);
  });
});

describe('coverage gaps and retrieval', () => {
  it('takes a feature as documented when one sentence uses all its words, in any order', () => {
    expect(KbIndex.build(KB, GENERIC_LEXICON).gapsIn('Is there a dark theme?')).toEqual([]);
    const without = KbIndex.build(
      KB.filter((a) => a.id !== 'theme'),
      GENERIC_LEXICON,
    );
    expect(without.gapsIn('Is there a dark theme?')).toEqual(['dark theme']);
  });

  it('takes a feature as documented when the KB says it in other words the glossary knows ("10% off")', () => {
    const pricing = article('pricing', 'Plans', 'Annual billing gives 10% off the monthly price.');
    expect(KbIndex.build([...KB, pricing], GENERIC_LEXICON).gapsIn('Is there a discount for paying annually?')).toEqual(
      [],
    );
    expect(KbIndex.build(KB, GENERIC_LEXICON).gapsIn('Is there a discount for paying annually?')).toEqual(['discount']);
  });

  it('takes a language as documented when the KB lists it by its own name, not when it names a nationality', () => {
    const languages = article(
      'language',
      'Interface language',
      'Open Preferences > Language and pick Español or Deutsch.',
    );
    expect(KbIndex.build([...KB, languages], GENERIC_LEXICON).gapsIn('Can I use the app in Spanish?')).toEqual([]);
    expect(KbIndex.build(KB, GENERIC_LEXICON).gapsIn('Can I use the app in Spanish?')).toContain(
      'spanish language support',
    );
    const vat = article('vat', 'VAT', 'Add a German VAT ID under Billing details.');
    expect(
      KbIndex.build([...KB, vat], GENERIC_LEXICON).gapsIn('Kann man die Oberfläche auf Deutsch umstellen?'),
    ).toContain('deutsch language support');
  });

  it('takes the head of a compound the article uses as covered ("boards" in "dashboards")', () => {
    const pins = article('pins', 'Pinned dashboards', 'Pin a dashboard to keep it at the top of the list.');
    const kb = KbIndex.build([...KB, pins], GENERIC_LEXICON);
    expect(kb.uncoveredAsks('Can I pin boards?', ['pins'])).toEqual([]);
    expect(kb.uncoveredAsks('Can I pin boards?', ['theme'])[0]?.missing).toEqual(['pin', 'boards']);
  });

  it('lets the rarest word of the question decide between close candidates', () => {
    const kb = KbIndex.build(
      [
        article(
          'schedule',
          'Schedules',
          'The weekly report is emailed every week on Monday. Change the day or the recipients of the weekly report under Reports > Schedule.',
        ),
        article(
          'refunds',
          'Refunds',
          'A refund for an overpayment is sent to the original card within 5 days. Refunds appear on the next weekly report.',
        ),
        ...KB,
        article('members', 'Members', 'Invite members from Settings > Members.'),
        article('exports', 'Exports', 'Export a table to CSV or PDF.'),
      ],
      GENERIC_LEXICON,
    );
    const hits = kb.search('an overpayment in the weekly report');
    // "weekly report" scores the schedules article higher; only the refunds article says "overpayment".
    expect(hits.map((h) => h.id).slice(0, 2)).toEqual(['refunds', 'schedule']);
    expect(hits[1].score).toBeGreaterThan(hits[0].score);
  });

  it.each([
    ['¿Se puede exportar el informe a PDF?', 'exportar el informe a PDF'],
    ['¿Pueden emitir las facturas cada semana?', 'emitir las facturas cada semana'],
    ['Peut-on exporter le rapport en PDF ?', 'exporter le rapport en PDF'],
    ["Est-ce qu'on peut limiter l'accès sans créer un autre compte ?", "limiter l'accès"],
    ['Können wir den Bericht als PDF exportieren?', 'den Bericht als PDF exportieren'],
    ['Gibt es eine Möglichkeit, Berichte zu exportieren?', 'Berichte zu exportieren'],
    ['Dá para exportar o relatório em PDF?', 'exportar o relatório em PDF'],
    ['É possível exportar o relatório sem abrir o painel?', 'exportar o relatório'],
    ['¿Hay una app móvil para ver los informes?', 'app móvil para ver los informes'],
    ['Y a-t-il une application mobile ?', 'application mobile'],
    ['Gibt es eine mobile App für Berichte?', 'mobile App für Berichte'],
    ['Vocês têm um aplicativo para celular?', 'aplicativo para celular'],
  ])('reads the capability asked about in another language: %s', (question, span) => {
    expect(askSpans(question)).toEqual([{ span, howTo: false, foreign: true }]);
  });

  it.each([
    '¿Cómo puedo exportar el informe?',
    'Comment puis-je exporter le rapport ?',
    'Wie kann ich den Bericht exportieren?',
    'Como posso exportar o relatório?',
  ])('reads a how-to in another language as steps, not a capability: %s', (question) => {
    expect(askSpans(question).every((s) => s.howTo)).toBe(true);
  });

  it('judges a capability asked in German by the words the KB knows', () => {
    const kb = KbIndex.build(KB, GENERIC_LEXICON);
    // "Webhook" is the KB's word, but not the invoices article's; "wir", "einen" are grammar we do not read.
    expect(kb.uncoveredAsks('Können wir einen Webhook für Rechnungen bekommen?', ['invoices'])[0]?.missing).toContain(
      'Webhook',
    );
    const hooks = article('hooks', 'Invoice webhooks', 'You receive a webhook when an invoice is paid.');
    expect(
      KbIndex.build([...KB, hooks], GENERIC_LEXICON).uncoveredAsks(
        'Können wir einen Webhook für Rechnungen bekommen?',
        ['hooks'],
      ),
    ).toEqual([]);
  });

  it.each([
    '¿Se pueden aprobar automáticamente las facturas?',
    'Les factures peuvent-elles être validées automatiquement ?',
    'Können Rechnungen automatisch freigegeben werden?',
    'A fatura pode ser aprovada automaticamente?',
    'Gibt es eine IP-Whitelist?',
    "Peut-on restreindre l'accès par IP ?",
  ])('takes an undocumented feature named in another language as a gap: %s', (question) => {
    expect(KbIndex.build(KB, GENERIC_LEXICON).gapsIn(question).length).toBeGreaterThan(0);
  });

  it('counts an acronym the KB never uses as missing in a question asked in another language', () => {
    const kb = KbIndex.build(KB, GENERIC_LEXICON);
    expect(kb.uncoveredAsks('¿Se pueden enviar las facturas por SMS?', ['invoices'])[0]?.missing).toContain('SMS');
  });

  it('counts a word the glossary translates but the KB never uses as missing in another language', () => {
    const kb = KbIndex.build(KB, GENERIC_LEXICON);
    expect(kb.uncoveredAsks('¿Se pueden pagar las facturas en efectivo?', ['invoices'])[0]?.missing).toContain(
      'efectivo',
    );
  });

  it('reads a question opened with ¿ as another language than English', () => {
    expect(looksForeign('¿Tienen modo oscuro?')).toBe(true);
    expect(looksForeign('Do you have a dark mode?')).toBe(false);
    expect(looksForeign('Combien de fois un webhook échoué est-il renvoyé ?')).toBe(true);
    expect(looksForeign('Is the check-in a built-in step?')).toBe(false);
  });
});
