/**
 * Customer questions the local AI answers with confidence (checked by `node dist/bench/check-questions.js`): twelve
 * distinct topics, so a conversation never repeats a question within the eight turns the frustration detector looks
 * back on, each in three phrasings, all fresh questions ("How ...") so the patience counter never climbs.
 */
export const TOPICS: string[][] = [
  [
    'How do I export a dashboard to PDF?',
    'How can I export my dashboard as a PDF file?',
    'How do I download a dashboard as PDF?',
  ],
  [
    'How do I invite a new member to my workspace?',
    'How can I invite a colleague to our workspace?',
    'How do I add a teammate as a workspace member?',
  ],
  [
    'How do I connect Salesforce?',
    'How can I connect our Salesforce account?',
    'How do I set up the Salesforce connection?',
  ],
  ['How do I create an alert?', 'How can I set up a new alert?', 'How do I create alerts on a metric?'],
  ['How do I rotate an API key?', 'How can I rotate our API keys?', 'How do I rotate my API key safely?'],
  [
    'How do I set up SAML single sign-on?',
    'How can I configure SSO with SAML?',
    'How do I enable SAML SSO for my company?',
  ],
  [
    'How do I schedule a report by email?',
    'How can I create a scheduled report?',
    'How do I set up a report schedule?',
  ],
  [
    'How do I add a calculated field with a formula?',
    'How can I create a calculated field?',
    'How do I write a formula for a calculated field?',
  ],
  [
    'How do I change the chart colors?',
    'How can I change colors and fonts of my charts?',
    'How do I change the workspace theme colors?',
  ],
  ['How do I upload a CSV file?', 'How can I upload a CSV as a dataset?', 'How do I upload CSV data?'],
  ['How do I download my invoices?', 'How can I download an invoice receipt?', 'How do I get copies of our invoices?'],
  ['How do I set up webhooks?', 'How can I verify a webhook signature?', 'How do I configure a webhook endpoint?'],
];

/** The i-th question of a conversation that starts at topic `offset`: twelve turns before a topic comes back. */
export function questionFor(offset: number, i: number): string {
  const n = offset + i;
  const topic = TOPICS[n % TOPICS.length];
  return topic[Math.floor(n / TOPICS.length) % topic.length];
}

export const ESCALATING_QUESTION = 'I want to talk to a human agent about our plan, please.';
