import lexicon from '../../../data/lexicon/interface-translations.json';
import { interfaceTranslations } from './interface-lexicon';
import { KbIndex } from './kb-index';
import { contentTerms, stem } from './text';

const words = lexicon.words as Record<string, Record<string, string>>;

describe('the interface lexicon (data/lexicon/interface-translations.json)', () => {
  it('holds folded forms of es, fr, de and pt, each with one English word, from listed permissive sources', () => {
    expect(Object.keys(words).sort()).toEqual(['de', 'es', 'fr', 'pt']);
    for (const forms of Object.values(words)) {
      expect(Object.keys(forms).length).toBeGreaterThan(1500);
      for (const [form, en] of Object.entries(forms)) {
        expect(form).toMatch(/^\p{Ll}{3,}(?:'\p{Ll}+)?$/u);
        expect(en).toMatch(/^[a-z]{3,}$/);
      }
    }
    expect(lexicon.sources.length).toBeGreaterThan(10);
    for (const s of lexicon.sources) expect(s.license).toMatch(/^(MIT|Apache-2\.0|BSD-3-Clause)/);
  });

  it.each([
    ['ausblenden', 'hide'],
    ['masquer', 'hide'],
    ['ocultar', 'hide'],
    ['spalte', 'column'],
    ['colonne', 'column'],
    ['leyenda', 'legend'],
    ['legenda', 'legend'],
    ['diagramm', 'chart'],
    ['sortieren', 'sort'],
    ['trier', 'sort'],
  ])('reads %s as %s', (form, en) => {
    expect(interfaceTranslations(form)).toContain(en);
  });

  it('never reads a common English word, nor a form no translation uses (Italian "canale")', () => {
    for (const w of ['zones', 'table', 'data', 'channel', 'tester', 'valor', 'canale'])
      expect(interfaceTranslations(w)).toEqual([]);
  });
});

describe('a question in another language meets the KB through it', () => {
  const kb = KbIndex.build([
    {
      id: 'legend',
      title: "Hiding a chart's legend",
      body: 'Edit the chart, open Format > Legend and pick Hidden to hide the legend. Each column of a table can be sorted.',
      tags: [],
      routes: [],
    },
  ]);

  it('bridges a word the KB never uses to the English word it does use', () => {
    const terms = kb.within(() => contentTerms('Wie kann ich die Legende eines Diagramms ausblenden?').terms);
    expect(terms).toEqual(expect.arrayContaining([stem('legend'), stem('hide')]));
    expect(kb.within(() => contentTerms('¿Cómo ordeno una tabla por una columna?').terms)).toEqual(
      expect.arrayContaining([stem('column'), stem('sort')]),
    );
  });

  it('answers from the article that says it', () => {
    for (const q of [
      'Wie blende ich die Legende aus?',
      '¿Cómo puedo ocultar la leyenda?',
      'Comment masquer la légende ?',
    ]) {
      const a = kb.answerConfidence(q);
      expect(a.articleId).toBe('legend');
    }
  });

  it('leaves a word alone when its English is not in the KB: what the KB never says stays unsaid', () => {
    // "Zugang" is access, which this KB never mentions.
    expect(interfaceTranslations('zugang')).toEqual(['access']);
    expect(kb.within(() => contentTerms('Zugang').terms)).toEqual([stem('zugang')]);
  });
});
