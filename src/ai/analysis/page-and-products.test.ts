import { demoProduct } from '../../../eval/products';
import { analyzeTurn } from './analyze-turn';
import { KbIndex } from './kb-index';

// The demo deployment's KB and lexicon: these are facts of that KB (where it names Microsoft Teams).
const demo = demoProduct();
const kb = KbIndex.build(demo.kb, demo.lexicon);

describe('a product the KB names for one thing only', () => {
  // The KB names Microsoft Teams once: alerts can notify a Teams channel. Scheduled reports go by email and Slack.
  it.each([
    'Can I send the scheduled reports to a Microsoft Teams channel?',
    'Posso enviar os relatórios agendados para o Microsoft Teams?',
  ])('does not answer %s as if the KB documented it', (q) => {
    const a = kb.answerConfidence(q, { route: '/reports/scheduled' });
    expect(a.gaps.join(', ').toLowerCase()).toContain('teams');
    expect(a.confidence).toBeLessThan(0.45);
  });

  it('says what the product is asked for, since the KB does name it', () => {
    const a = kb.answerConfidence('Can I send the scheduled reports to a Microsoft Teams channel?');
    expect(a.gaps).toContain('microsoft teams for reports');
    expect(a.evidence).toBe('the KB does not document microsoft teams for reports');
    expect(a.confidence).toBeLessThan(0.45);
  });

  it('answers it where the KB names it', () => {
    const a = kb.answerConfidence('Can an alert notify our Microsoft Teams channel?');
    expect(a.gaps).toEqual([]);
    expect(a.articleId).toBe('kb-026');
  });
});

describe('the page the customer is on', () => {
  it("reads the page title's closing state as no topic, in any language", () => {
    const question =
      'Can a calculated field use a column from a different dataset? I want revenue from Postgres divided by headcount that lives in HubSpot.';
    for (const title of ['Revenue per head (editing)', 'Umsatz pro Kopf (Bearbeitung)', 'Ventes par tête (édition)']) {
      const s = analyzeTurn({ turns: [question], pageContext: { route: '/dashboards/52/edit', title }, kb });
      expect(s.sources[0].id).toBe('kb-010');
    }
  });

  it('keeps a closing parenthesis that is not the editor state', () => {
    const score = (title: string) =>
      analyzeTurn({
        turns: ['Which scopes does the connector need?'],
        pageContext: { route: '/dashboards/7', title },
        kb,
      }).sources.find((x) => x.id === 'kb-014')?.score ?? 0;
    // The HubSpot article ranks higher on a page titled for HubSpot than on one that is not.
    expect(score('Pipeline (HubSpot)')).toBeGreaterThan(score('Pipeline'));
    expect(score('Pipeline (editing)')).toBe(score('Pipeline'));
  });
});
