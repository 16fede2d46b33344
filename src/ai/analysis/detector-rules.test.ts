import { detectCategory } from './category';
import { detectExplicitRequest } from './explicit-request';
import { GENERIC_LEXICON, withLexicon } from './lexicon';

/**
 * Rules added while bringing up the second product (payroll), each with what it catches and what it must leave
 * alone, under the generic lexicon: they name no product.
 */
const generic = <T>(fn: () => T) => withLexicon(GENERIC_LEXICON, fn);

describe('detector rules written for no product in particular', () => {
  it.each([
    ['You charged our card for 14 employees but we only paid 9 this month.', 'billing_dispute'],
    ['The audit log shows a new API key created at 3am by someone none of us knows.', 'security_incident'],
    ['Mi contraseña fue cambiada por otra persona y ya no puedo entrar.', 'account_access_takeover'],
    ["Mon mot de passe a été changé par quelqu'un d'autre.", 'account_access_takeover'],
  ])('%s → %s', (turn, category) => {
    expect(generic(() => detectCategory(turn).category)).toBe(category);
  });

  it.each([
    'We were charged for 5 seats, is that right?',
    'Someone on our team created a new API key yesterday, where do I see its scopes?',
    'How do I change my password?',
  ])('leaves alone: %s', (turn) => {
    expect(generic(() => detectCategory(turn).category)).toBeNull();
  });

  it('hears "¿Me puede llamar alguien?" as a request for a person, not "¿cómo se llama el informe?"', () => {
    expect(generic(() => detectExplicitRequest('¿Me puede llamar alguien del equipo de facturación?').detected)).toBe(
      true,
    );
    expect(generic(() => detectExplicitRequest('¿Cómo se llama el informe de impuestos?').detected)).toBe(false);
  });
});
