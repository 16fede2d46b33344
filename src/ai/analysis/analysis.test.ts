import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EscalationPolicyDocument } from '../../../domain/escalation';
import { repoRoot } from '../../paths';
import { defaultLexiconFile, loadLexiconFile } from '../lexicon-file';
import { setDeploymentLexicon } from './lexicon';
import { defaultSeedDir } from '../../services/seed';
import { analyzeTurn } from './analyze-turn';
import { detectCategory } from './category';
import {
  evaluateDevSet,
  formatReport,
  type CustomerRecord,
  type LabelledConversation,
} from '../../../test/support/devset-eval';
import { detectExplicitRequest } from './explicit-request';
import { detectFrustration } from './frustration';
import { KbIndex, type KbArticleInput } from './kb-index';
import { detectProblemContinuity, isSmallTalk } from './problem';

// The team's evaluation data (../shared/data) when present, else the copies this repository ships.
const dataDir = defaultSeedDir();
const load = <T>(file: string): T => {
  const own = path.join(dataDir, file);
  return JSON.parse(readFileSync(existsSync(own) ? own : path.join(repoRoot(), 'test', 'fixtures', file), 'utf8')) as T;
};

// The demo deployment's lexicon (product name, assets, vocabulary): these tests are about that product.
setDeploymentLexicon(loadLexiconFile(defaultLexiconFile()));
const kbArticles = load<KbArticleInput[]>('kb.json');
const kb = KbIndex.build(kbArticles);

describe('dev set', () => {
  it('decides escalate/resolve on at least 99% and is fully correct on at least 98%', () => {
    const report = evaluateDevSet(
      load<LabelledConversation[]>('conversations.dev.json'),
      kbArticles,
      load<EscalationPolicyDocument>('policy.json'),
      load<CustomerRecord[]>('customers.json'),
    );
    console.log(formatReport(report));
    expect(report.decisionAccuracy).toBeGreaterThanOrEqual(0.99);
    expect(report.fullyCorrectAccuracy).toBeGreaterThanOrEqual(0.98);
  });
});

describe('challenge set (independently written)', () => {
  it('decides escalate/resolve on at least 97% and is fully correct on at least 89%', () => {
    const conversations = JSON.parse(
      readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'conversations.challenge.json'), 'utf8'),
    ) as LabelledConversation[];
    const report = evaluateDevSet(
      conversations,
      kbArticles,
      load<EscalationPolicyDocument>('policy.json'),
      load<CustomerRecord[]>('customers.json'),
    );
    console.log(formatReport(report));
    expect(report.decisionAccuracy).toBeGreaterThanOrEqual(0.97);
    expect(report.fullyCorrectAccuracy).toBeGreaterThanOrEqual(0.89);
  });
});

describe('the held-out set', () => {
  // test/fixtures/conversations.holdout.json was written independently and never tuned on (first measured at
  // 95.3% decisions / 91.3% fully correct). Tune on anything else; when it has been tuned on, write a fresh one.
  it('generalises: at least 95% decisions and 91.5% fully correct on conversations no rule was tuned on', () => {
    const conversations = JSON.parse(
      readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'conversations.holdout.json'), 'utf8'),
    ) as LabelledConversation[];
    const report = evaluateDevSet(
      conversations,
      kbArticles,
      load<EscalationPolicyDocument>('policy.json'),
      load<CustomerRecord[]>('customers.json'),
    );
    console.log(`held-out set\n${formatReport(report).split('\nmisses')[0]}`);
    expect(report.decisionAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.fullyCorrectAccuracy).toBeGreaterThanOrEqual(0.915);
  });
});

describe('training sets (levels reached, minus a small margin)', () => {
  it.each([
    ['conversations.train-a.json', 0.89, 0.86],
    ['conversations.train-b.json', 0.98, 0.94],
    ['conversations.challenge.json', 0.97, 0.89],
    ['conversations.check.json', 0.96, 0.93],
  ])('%s: decisions >= %p, fully correct >= %p', (file, decisions, fully) => {
    const conversations = JSON.parse(
      readFileSync(path.join(repoRoot(), 'test', 'fixtures', file), 'utf8'),
    ) as LabelledConversation[];
    const report = evaluateDevSet(
      conversations,
      kbArticles,
      load<EscalationPolicyDocument>('policy.json'),
      load<CustomerRecord[]>('customers.json'),
    );
    expect(report.decisionAccuracy).toBeGreaterThanOrEqual(decisions);
    expect(report.fullyCorrectAccuracy).toBeGreaterThanOrEqual(fully);
  });
});

describe('explicit request', () => {
  it.each([
    'Could you put me through to someone on the billing team?',
    'My CTO would like to speak with your engineers about the API limits.',
    'Please have our account manager reach out to me this week.',
    'How can I get in touch with a real person at Lumen?',
    'Could somebody give me a call tomorrow morning? 555-0100',
    'Ich möchte bitte mit einem Mitarbeiter sprechen.',
    'Posso falar com um atendente?',
    'Vorrei parlare con un operatore, grazie.',
    'Kan ik iemand van support spreken?',
    '担当者と話したいです。',
    'Necesito hablar con un asesor sobre mi factura.',
    'representative',
    'Our CFO would like somebody from your billing team to contact him next week.',
    'Can a solutions engineer hop on a call with us tomorrow?',
    'Chcę porozmawiać z konsultantem.',
    '我想转人工客服',
  ])('detects %s', (turn) => {
    expect(detectExplicitRequest(turn).detected).toBe(true);
  });

  it.each([
    "I don't need a human for this, what's the difference between Admin and Editor?",
    'Last week I spoke with one of your agents about our invoices; where can I download them?',
    'Our webhook receiver logs the user-agent header, what value should I expect?',
    'Can I rename columns to something human readable?',
    'Our sales agents need a leaderboard dashboard.',
    'Can I update the card myself or do I need your billing team for that?',
    'No hace falta un agente, solo dime dónde están las facturas.',
    'Is there an operator for "greater than or equal" in alert conditions?',
  ])('ignores %s', (turn) => {
    expect(detectExplicitRequest(turn).detected).toBe(false);
  });
});

describe('category', () => {
  it.each([
    ['We were billed for 20 seats but we only have 12 people. That is wrong, please credit us.', 'billing_dispute'],
    ['I cancelled in January and you still charged my card in February.', 'billing_dispute'],
    ['Quiero que me devuelvan el dinero, me cobraron dos veces.', 'billing_dispute'],
    ['The audit log shows sign-ins from an IP in Vietnam that none of us recognise.', 'security_incident'],
    ['A teammate typed her Lumen password into a fake login page from a phishing email.', 'security_incident'],
    ['Our public dashboard link with customer revenue got posted on Reddit.', 'security_incident'],
    [
      'Our workspace owner left the company and nobody can reach her. We need to take over the workspace.',
      'account_access_takeover',
    ],
    ["My account was hijacked, the password was changed and it wasn't me.", 'account_access_takeover'],
    ['Please send us your list of sub-processors for our vendor review.', 'legal_privacy'],
    ['We have received a subpoena requesting records for one of our users.', 'legal_privacy'],
    ['Half of the charts on our main dashboard vanished and nobody on the team deleted them.', 'data_loss'],
    ['We deleted a dashboard two months ago and now need it back.', 'data_loss'],
    ["We won't be renewing. Support has been terrible and the sync breaks constantly.", 'cancellation_with_complaint'],
    ['Je veux résilier, le produit ne fonctionne pas depuis des semaines.', 'cancellation_with_complaint'],
  ])('%s -> %s', (turn, category) => {
    expect(detectCategory(turn).category).toBe(category);
  });

  it.each([
    'Are duplicate charges refunded?',
    '¿Cuál es su política de reembolso para planes anuales?',
    'What is this $45 Seat adjustment charge on my invoice?',
    'How do I require 2FA for all members?',
    'What should we do if an API key ever gets leaked? How do I rotate it?',
    'I forgot my password and the reset email link says it is expired',
    'Got a new phone, I still have my recovery codes. How do I move 2FA over?',
    'Where is our data stored? Are you hosting in the EU?',
    'I removed a chart by mistake an hour ago, how do I bring it back?',
    'Will I lose my dashboards if I delete the Salesforce connector?',
    'how can I downgrade from Pro to Free? budget got cut, no complaints about the tool',
  ])('no category for %s', (turn) => {
    expect(detectCategory(turn).category).toBeNull();
  });

  it('resolves overlaps with the precedence order', () => {
    const r = detectCategory(
      "Someone changed our password, and there are logins from an IP in Brazil we don't recognise.",
    );
    expect(r.matches.length).toBeGreaterThanOrEqual(2);
    expect(r.category).toBe('security_incident');
  });
});

describe('frustration', () => {
  it.each([
    ['This is ridiculous, the export has failed all morning.', []],
    ["I've reported this three times already and the sync is still broken", []],
    ['THE DASHBOARD IS DOWN AND WE PRESENT TO INVESTORS IN 30 MINUTES, FIX IT', []],
    ['What the f is wrong with your connector', []],
    ['Es la tercera vez que pregunto lo mismo.', []],
    [
      "that's not what I asked. how do I change the TIMEZONE of a scheduled report?",
      ['How do I change the timezone for a scheduled report?'],
    ],
  ] as Array<[string, string[]]>)('fires on %s', (turn, previous) => {
    expect(detectFrustration(turn, previous).score).toBeGreaterThanOrEqual(0.5);
  });

  it.each([
    ['HOW DO I ADD A CHART TO A DASHBOARD', []],
    ['holy shit this is awesome, how do I add a second chart?', []],
    ['kinda annoying that the numbers lag, how often does it sync on Pro?', []],
    ["It's the first time I'm seeing SF-401, what do I do?", []],
    ['our salesforce token drops every 90 days, how do I stop that?', []],
    ['Reconnected twice as you said, still SF-401 after Sync now.', ['Getting SF-401 on our Salesforce connector.']],
  ] as Array<[string, string[]]>)('stays calm on %s', (turn, previous) => {
    expect(detectFrustration(turn, previous).score).toBeLessThan(0.5);
  });
});

describe('problem continuity', () => {
  it('treats acknowledgements as small talk in several languages', () => {
    for (const t of ['thanks!', 'ok great, got it', 'Merci beaucoup', 'gracias', 'ありがとうございます'])
      expect(isSmallTalk(t)).toBe(true);
    expect(isSmallTalk('thanks, and how do I add seats?')).toBe(false);
  });

  it('counts progress reports as the same problem and a fresh question as a new one', () => {
    const prev = ['PG-TIMEOUT when adding our database'];
    expect(
      detectProblemContinuity('Opened port 5432 to all three IPs, still timing out.', prev, true).continuesPrevious,
    ).toBe(true);
    expect(detectProblemContinuity('How do I change the color of a chart?', prev, false).continuesPrevious).toBe(false);
  });
});

/** The demo KB with one learned article (a learned article has no tags or routes). */
const withLearned = (id: string, title: string, body: string) =>
  KbIndex.build([...kbArticles, { id, title, body, tags: [], routes: [] }]);

describe('KB index and answer confidence', () => {
  it.each([
    ['Quelle est la taille maximale d’un fichier CSV que je peux importer ?', '/integrations/csv', 'kb-020'],
    ['Wie groß darf eine CSV-Datei beim Hochladen maximal sein?', '/datasets/12', 'kb-020'],
    ['Esqueci minha senha, como faço para redefinir?', '/login', 'kb-034'],
    ['Come posso esportare una dashboard in PDF?', '/dashboards/5', 'kb-024'],
    ['Hoe nodig ik een collega uit voor onze werkruimte?', '/settings/members', 'kb-003'],
    ['CSVファイルのアップロードの最大サイズはいくつですか？', '/integrations/csv', 'kb-020'],
    ['How can I see who changed the sharing settings on a dashboard last week?', '/settings/audit-log', 'kb-035'],
    ['Can alerts go to a Microsoft Teams channel?', '/alerts', 'kb-026'],
    ['How do I set a password on a public link?', '/dashboards/7', 'kb-006'],
  ])('answers %s from the right article, confidently', (q, route, id) => {
    const a = kb.answerConfidence(q, { route });
    expect(a.articleId).toBe(id);
    expect(a.confidence).toBeGreaterThan(0.6);
  });

  it('uses the page error message and route', () => {
    const a = kb.answerConfidence('any idea what this is?', {
      route: '/integrations/hubspot',
      errorMessage: 'HS-403 MISSING_SCOPES: tickets',
    });
    expect(a.articleId).toBe('kb-014');
    expect(a.confidence).toBeGreaterThan(0.6);
  });

  it.each([
    'Does Lumen integrate with Pipedrive?',
    'can i pull data from our mongodb cluster?',
    'Is there a desktop app for Windows?',
    'Do you offer a student discount?',
    'Can I pay with PayPal?',
    'Is it possible to drill down from a yearly total into monthly numbers?',
    'Can we host our workspace in Australia for compliance?',
    '¿Se puede conectar Lumen con Shopify?',
    'Est-ce que Lumen propose un mode sombre ?',
    'Are you SOC 2 Type II certified?',
    'Can I add emoji reactions to a dashboard so my team can vote on charts?',
  ])('is unsure about the undocumented %s', (q) => {
    expect(kb.answerConfidence(q, { route: '/dashboards' }).confidence).toBeLessThan(0.45);
  });

  // The KB says printing only of invoices ("Bank details are printed on each invoice"): a dashboard's printing is not
  // documented, though every word of the question is in the payment-methods article.
  it.each([
    'Can I print a dashboard?',
    'Is there a way to print charts?',
    'Can I print a report?',
    'Can dashboards be printed?',
    'Puis-je imprimer un tableau de bord ?',
    'Kann ich ein Dashboard drucken?',
    '¿Puedo imprimir un panel?',
  ])('does not answer %s from an article that prints something else', (q) => {
    const a = kb.answerConfidence(q);
    expect(a.gaps).toContain('print');
    expect(a.confidence).toBeLessThan(0.45);
  });

  it('answers printing where the KB says it, and from a learned article about it', () => {
    expect(kb.answerConfidence('How do I print my invoice?')).toMatchObject({ articleId: 'kb-039', gaps: [] });
    const learned = withLearned(
      'learned-printing',
      'How do I print a dashboard?',
      'Open the dashboard and press Ctrl+P, or click ... > Print. Lumen lays the charts out to fit the page.',
    );
    const a = learned.answerConfidence('Can I print my charts on one sheet?');
    expect(a.articleId).toBe('learned-printing');
    expect(a.gaps).toEqual([]);
    expect(a.confidence).toBeGreaterThan(0.6);
  });

  it('is not switched off by a short article that prints something else', () => {
    const learned = withLearned(
      'learned-po-number',
      'Where does my PO number go?',
      'Your PO number is printed on each invoice once you add it under Settings > Billing.',
    );
    const a = learned.answerConfidence('Can I print a dashboard?');
    expect(a.gaps).toContain('print');
    expect(a.confidence).toBeLessThan(0.45);
  });
});

describe('analyzeTurn', () => {
  it('keeps a progress report on a covered topic confident and continuing', () => {
    const s = analyzeTurn({
      turns: [
        'Our scheduled report shows Failed with ERR_EXPORT_TIMEOUT.',
        'Narrowed the date range to one quarter and exported charts one by one, still failing.',
      ],
      pageContext: { route: '/reports/scheduled' },
      kb,
    });
    expect(s.problem.continuesPrevious).toBe(true);
    expect(s.answer.confidence).toBeGreaterThan(0.6);
    expect(s.sources[0].id).toBe('kb-025');
  });
});
