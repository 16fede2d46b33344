import glossary from '../../../data/lexicon/glossary.json';
import { contentTerms, isStopword } from './text';

/** English words the analyzer ignores on purpose ("hi team"): a translation to them is ignored alike. */
const IGNORED_ON_PURPOSE = new Set(['team']);

describe('the shared glossary', () => {
  it('gives every entry at least one English word the analyzer searches for', () => {
    // A translation made only of function words is dropped: "commentaires" -> "comment" is French "how".
    const lost = Object.entries({ ...glossary.words, ...glossary.phrases }).filter(
      ([, en]) => en !== '' && !IGNORED_ON_PURPOSE.has(en) && en.split(/\s+/).every((w) => isStopword(w)),
    );
    expect(lost).toEqual([]);
  });

  it('reads questions in other words and languages as the English words the knowledge base uses', () => {
    const terms = (q: string) => contentTerms(q).terms;
    expect(terms('¿Se pueden dejar comentarios?')).toEqual(expect.arrayContaining(terms('comments')));
    expect(terms('Wie ändere ich mein Profilbild?')).toEqual(expect.arrayContaining(terms('profile picture')));
    expect(terms('Can I bookmark my favourite reports?')).toEqual(expect.arrayContaining(terms('favorite reports')));
    expect(terms('Como altero o e-mail da minha conta?')).toEqual(
      expect.arrayContaining(terms('change email account')),
    );
  });
});
