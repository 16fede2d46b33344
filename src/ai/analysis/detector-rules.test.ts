import { detectFrustration } from './frustration';
import { detectProblemContinuity } from './problem';
import { GENERIC_LEXICON, withLexicon } from './lexicon';

/**
 * Rules added while bringing up the second product (payroll), each with what it catches and what it must leave
 * alone, under the generic lexicon: they name no product.
 */
const generic = <T>(fn: () => T) => withLexicon(GENERIC_LEXICON, fn);

describe('frustration and continuity rules written for no product in particular', () => {
  it.each([
    ["This is unbelievable, my staff still haven't been paid and it's Friday night!!", true],
    ['Que absurdo, perdi a manhã inteira com essa importação!', true],
    ["I've been waiting three days for an answer, this is a joke.", true],
    ['Seriously? My employees did not get paid. Fix this now.', true],
    ['¡Esto es una vergüenza! Mis empleados siguen sin cobrar.', true],
    ["J'en ai assez, encore une erreur sur les bulletins !", true],
    ['Ich bin echt sauer, schon wieder ist die Lohnzahlung verspätet!', true],
    ['Das ist eine Frechheit, niemand antwortet.', true],
    ['Estou muito irritado, os salários atrasaram de novo!', true],
    ['Is the SDK a joke project or maintained?', false],
    ["C'est absurde, trois jours sans réponse.", true],
    ['This is unbelievable, it works perfectly now, thanks!', false],
    ['Is it possible to believe the forecast numbers?', false],
    ['How many times do I have to ask?', true],
    ['¿Cuántas veces tengo que preguntar lo mismo?', true],
    ['Combien de fois dois-je poser la question ?', true],
    ['Wie oft muss ich das noch fragen?', true],
    ['Quantas vezes vou ter que perguntar?', true],
    ['Ich bin stinksauer.', true],
    ['Que palhaçada, o pagamento falhou de novo!', true],
    ['How many times do I have to approve a pay run?', false],
    ['Wie oft muss ich den Lohnlauf bestätigen?', false],
    ['¿Cuántas veces tengo que aprobar la nómina al mes?', false],
    ['Combien de fois dois-je valider la paie par mois ?', false],
    ['Quantas vezes preciso aprovar a folha por mês?', false],
    ['This is the third payroll in a row that failed. Unbelievable.', true],
    ["I'm so done with this. Nothing works.", true],
    ['Seriously?! Again?!', true],
    ['You people are incompetent.', true],
    ['Es el colmo, otra vez falló la nómina.', true],
    ['Estoy hasta las narices de este sistema.', true],
    ['Ça fait trois fois que je vous écris !', true],
    ["C'est la troisième paie d'affilée qui échoue.", true],
    ['Langsam reicht es mir wirklich.', true],
    ['Jetzt schon zum dritten Mal!', true],
    ['Já é a terceira vez que escrevo!', true],
    ['Estou de saco cheio disso.', true],
    ['The speed of the new import is unbelievable!', false],
    ['Third pay run this year, how do I copy the settings from the last one?', false],
  ])('frustration in %s: %p', (turn, angry) => {
    expect(generic(() => detectFrustration(turn).score) >= 0.5).toBe(angry);
  });

  it.each([
    ['Ya quité las filas duplicadas', true],
    ["J'ai déjà supprimé les doublons", true],
    ['Ich habe die doppelten Zeilen schon entfernt', true],
    ['Já removi as linhas duplicadas', true],
    ['Mismo error en la fila 14', true],
    ['Gleicher Fehler in Zeile 14', true],
    ['¿Cómo agrego un empleado nuevo?', false],
    ['Wie ändere ich den Zahltag?', false],
    ['Comment changer la date de paie ?', false],
    ['Onde vejo os holerites?', false],
  ])('a progress report in another language continues the problem: %s → %p', (turn, continues) => {
    const previous = ['The import fails with E_DUPLICATE_EMAIL on row 14'];
    expect(generic(() => detectProblemContinuity(turn as string, previous, false).continuesPrevious)).toBe(continues);
  });
});
