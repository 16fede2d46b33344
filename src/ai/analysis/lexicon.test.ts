import { detectCategory } from './category';
import { GENERIC_LEXICON, lexiconFragments, parseLexicon, withLexicon } from './lexicon';

describe('the deployment lexicon', () => {
  it('rejects a file without its lists, naming the field', () => {
    expect(() => parseLexicon({ productNames: [] }, 'lexicon.json')).toThrow('lexicon.json: "assets" must be a list');
    expect(() => parseLexicon({ productNames: ['X'], assets: [''], tenant: [] })).toThrow('"assets"');
  });

  it("fills the patterns' product, assets and tenant from the deployment's words", () => {
    const f = lexiconFragments(
      parseLexicon({ productNames: ['Acme Pay'], assets: ['payslip', 'pay run'], tenant: ['company'] }),
    );
    expect(new RegExp(f.ASSETS).test('pay-runs')).toBe(true);
    expect(new RegExp(f.PRODUCT).test('acme pay')).toBe(true);
    expect(new RegExp(`^(?:${lexiconFragments(GENERIC_LEXICON).PRODUCT})$`).test('')).toBe(false);
  });

  it("hears data loss in the deployment's own assets", () => {
    const payroll = parseLexicon({ productNames: ['Acme Pay'], assets: ['payslip'], tenant: ['company'] });
    const turn = 'All our payslips from March are gone and nobody deleted them.';
    expect(withLexicon(payroll, () => detectCategory(turn).category)).toBe('data_loss');
  });
});
