/**
 * Personal data out of knowledge drafts: one customer's words must not reach the next customer or a lead's review
 * with their name, email, company, account or invoice ids, or a URL that points at one of their records. What stays
 * is what retrieval needs: the words of the question and the steps of the answer.
 */
export interface KnownPeople {
  /** Names, emails and companies known for this conversation (the customer, the agents). */
  names?: string[];
  emails?: string[];
  companies?: string[];
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// Record ids: Stripe-style prefixes (cus_, in_, sub_, acct_, ch_, pi_), INV-2024-0012, #48213, long digit runs, UUIDs.
const RECORD_ID = new RegExp(
  [
    String.raw`\b(?:cus|in|inv|sub|acct|ch|pi|pm|txn|ord|ii|re|dp)_[A-Za-z0-9]{6,}\b`,
    String.raw`\b(?:INV|ACC|ACCT|ORD|CUS|TKT)[-_ ]?\d[\d-]{2,}\b`,
    String.raw`#\d{3,}\b`,
    String.raw`\b\d{6,}\b`,
    String.raw`\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`,
  ].join('|'),
  'gi',
);
// A URL keeps its path's shape, with each id segment and the query replaced: /reports/2210?x=1 → /reports/:id.
const URL = /\bhttps?:\/\/[^\s)>\]"']+[^\s)>\]"'.,;:!?]/gi;
// A bare path with an id in it: "/reports/2210", "/billing/invoices/in_1N2b3C".
const PATH = /(?<![\p{L}\p{N}/:.])\/[\w-]+(?:\/[\w:-]+)+/gu;
const ID_SEGMENT = /^(?:\d+|[0-9a-f-]{8,}|[A-Za-z]+_[A-Za-z0-9]{6,}|[A-Za-z0-9]*\d[A-Za-z0-9]*\d[A-Za-z0-9]*)$/i;
// "I'm Priya", "my name is Tom Becker", "this is Ana from Kleinwerk", a greeting or sign-off with a name.
/** Lead-in words in either case, the name after them capitalised: "Thanks Tom", "thanks Tom", "I'm Priya". */
const leadIn = (words: string[], name: string) =>
  new RegExp(
    `(?<![\\p{L}])(?:${words.map((w) => `[${w[0].toUpperCase()}${w[0]}]${w.slice(1)}`).join('|')})${name}`,
    'gu',
  );
const NAME = String.raw`(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?)`;
const SELF_NAME = leadIn(
  [
    "i'm",
    'im',
    'i am',
    'my name is',
    'this is',
    'me llamo',
    'soy',
    "je m'appelle",
    'ich bin',
    'ich heiße',
    'eu sou',
    'meu nome é',
  ],
  String.raw`\s+${NAME}`,
);
const GREETING_NAME = leadIn(
  ['hi', 'hello', 'hey', 'dear', 'thanks', 'thank you', 'hola', 'bonjour', 'hallo', 'olá', 'cheers', 'regards'],
  String.raw`,?\s+(\p{Lu}[\p{L}'-]+)\b`,
);
// "at Brightloop", "from Kleinwerk GmbH", "Acme Inc.": a capitalised name after at/from/for, or before a legal form.
const COMPANY_FORM =
  /\b(\p{Lu}[\p{L}&'-]*(?:\s+\p{Lu}[\p{L}&'-]*)*)\s+(?:GmbH|AG|Inc\.?|LLC|Ltd\.?|S\.?A\.?|SAS|SARL|BV|B\.V\.|S\.L\.|Lda|Oy|AB)\b/gu;
// Not after 'for': "SCIM for Okta", "export for Google Sheets" name the tools a question is about, not the asker.
const COMPANY_AFTER = /\b(?:at|from|de|chez|bei|von)\s+(\p{Lu}[\p{L}&'-]+(?:\s+\p{Lu}[\p{L}&'-]+)?)(?=[\s,.;:!?)]|$)/gu;
// Capitalised words that are not names: sentence starts are handled by the patterns' contexts; these are common.
const NOT_A_NAME = new Set([
  'I',
  'The',
  'Settings',
  'Billing',
  'Admin',
  'Owner',
  'Support',
  'Team',
  'Pro',
  'Free',
  'Enterprise',
]);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function scrubPersonalData(text: string, known: KnownPeople = {}): string {
  let s = text.replace(URL, (url) => {
    const { pathname } = new globalThis.URL(url.replace(/[.,;:!?]+$/, ''));
    const path = pathname
      .split('/')
      .map((seg) => (seg && ID_SEGMENT.test(seg) ? ':id' : seg))
      .join('/');
    return path && path !== '/' ? path : '[link]';
  });
  s = s.replace(PATH, (path) =>
    path
      .split('/')
      .map((seg) => (seg && ID_SEGMENT.test(seg) ? ':id' : seg))
      .join('/'),
  );
  s = s.replace(EMAIL, '[email]').replace(RECORD_ID, '[id]');
  for (const email of known.emails ?? []) s = s.replace(new RegExp(escape(email), 'gi'), '[email]');
  for (const name of [...(known.names ?? [])].sort((a, b) => b.length - a.length)) {
    // The whole name in any case; its parts only as written, so "Will" does not take "will" with it.
    s = s.replace(new RegExp(`\\b${escape(name)}\\b`, 'gi'), '[name]');
    for (const part of name.split(/\s+/).filter((p) => p.length > 2))
      s = s.replace(new RegExp(`\\b${escape(part)}\\b`, 'g'), '[name]');
  }
  for (const company of known.companies ?? []) s = s.replace(new RegExp(`\\b${escape(company)}\\b`, 'gi'), '[company]');
  s = s.replace(SELF_NAME, (m, name: string) => m.replace(name, '[name]'));
  s = s.replace(GREETING_NAME, (m, name: string) =>
    NOT_A_NAME.has(name) || /^I(?:'|’|$)/.test(name) ? m : m.replace(name, '[name]'),
  );
  s = s.replace(COMPANY_FORM, '[company]');
  s = s.replace(COMPANY_AFTER, (m, name: string) =>
    NOT_A_NAME.has(name.split(/\s+/)[0]) ? m : m.replace(name, '[company]'),
  );
  return s.replace(/\[name\](?:\s+\[name\])+/g, '[name]');
}
