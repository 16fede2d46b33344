import { readFileSync } from 'node:fs';
import path from 'node:path';
import { customerTurn, gql, startStack, token, waitFor } from './support/stack';
import { startHubSpotStub, type HubSpotStub } from './stubs/hubspot-stub';
import { startSlackStub, type SlackStub } from './stubs/slack-stub';

/** HubSpot as the CRM and Slack as a notification sink, each a local stub that speaks the real wire format. */
type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let hubspot: HubSpotStub;
let slack: SlackStub;
const HUBSPOT_TOKEN = 'pat-test-hubspot-secret-0001';
const SLACK_TOKEN = 'xoxb-test-slack-secret-0001';
const customers: Array<{ id: string; email: string; tier: string }> = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'data', 'demo', 'customers.json'), 'utf8'),
);

beforeAll(async () => {
  hubspot = await startHubSpotStub({ accessToken: HUBSPOT_TOKEN });
  slack = await startSlackStub({
    token: SLACK_TOKEN,
    channels: { '#support': 'C0SUPPORT', '#support-enterprise': 'C0ENTERPRISE', '#support-leads': 'C0LEADS' },
  });
  stack = await startStack('integrations', {
    HUBSPOT_ACCESS_TOKEN: HUBSPOT_TOKEN,
    HUBSPOT_BASE_URL: hubspot.url,
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    SLACK_CHANNELS: JSON.stringify({ default: '#support', ENTERPRISE: '#support-enterprise', LEAD: '#support-leads' }),
  });
});
afterAll(async () => {
  await stack?.stop();
  await hubspot?.stop();
  await slack?.stop();
});

it("takes the customer's tier and open deals from HubSpot, and tells the tier's Slack channel about the escalation", async () => {
  const c = customers.find((x) => x.id === 'cus-07')!; // FREE in the built-in CRM
  expect(c.tier).toBe('FREE');
  hubspot.seed({
    companies: [
      {
        id: '900',
        properties: {
          name: 'Kumo Design KK',
          lumen_tier: 'ENTERPRISE',
          lumen_plan: 'Enterprise',
          lumen_seats: '40',
          lumen_mrr: '4000',
        },
      },
    ],
    deals: [
      {
        id: '700',
        properties: { dealname: 'Kumo expansion', amount: '24000', dealstage: 'contractsent', hs_is_closed: 'false' },
      },
    ],
    contacts: [
      {
        id: '500',
        properties: { email: c.email, firstname: 'Hana' },
        companyIds: ['900'],
        primaryCompanyId: '900',
        dealIds: ['700'],
      },
    ],
  });
  const { id, conversation } = await customerTurn(
    stack.port,
    token('customer', c.id),
    null,
    'Can I talk to someone from your team about our contract?',
  );
  expect(conversation.status).toBe('AWAITING_AGENT');
  const ctx = (
    await gql(
      stack.port,
      token('agent', 'agt-1'),
      `query($id: ID!) { conversation(id: $id) { context { customer { tier plan seats } crm { provider companyName openDeals { name amount stage } } } } }`,
      { id },
    )
  ).data!.conversation.context;
  expect(ctx.customer).toEqual({ tier: 'ENTERPRISE', plan: 'Enterprise', seats: 40 });
  expect(ctx.crm).toEqual({
    provider: 'hubspot',
    companyName: 'Kumo Design KK',
    openDeals: [{ name: 'Kumo expansion', amount: 24000, stage: 'contractsent' }],
  });
  // The SLA follows the CRM's tier: Enterprise claims are due in 15 minutes.
  expect(Date.parse(conversation.sla.deadline) - Date.parse(conversation.escalation.at)).toBe(900_000);

  const posted = await waitFor(() => slack.messages.find((m) => m.text.includes(id)));
  expect(posted.channel).toBe('C0ENTERPRISE');
  expect(posted.text).toMatch(/QUEUED/);
  // Neither token appears in anything our processes wrote.
  for (const out of [stack.worker.output(), stack.api.output()]) {
    expect(out).not.toContain(HUBSPOT_TOKEN);
    expect(out).not.toContain(SLACK_TOKEN);
  }
});

it('a dead Slack never blocks the conversation', async () => {
  slack.failWith('hang');
  try {
    const started = Date.now();
    const { conversation } = await customerTurn(
      stack.port,
      token('customer', 'cus-08'),
      null,
      'I would like to speak with a human, please.',
    );
    expect(conversation.status).toBe('AWAITING_AGENT');
    expect(Date.now() - started).toBeLessThan(10_000);
  } finally {
    slack.failWith(null);
  }
});

it('a hanging CRM neither blocks the answer nor loses the context: the built-in record stands in', async () => {
  hubspot.failWith('hang');
  try {
    const started = Date.now();
    const { reply, id } = await customerTurn(
      stack.port,
      token('customer', 'cus-10'),
      null,
      'How do I change the card on file?',
      { route: '/settings/billing' },
    );
    expect(reply.authorKind).toBe('AI');
    expect(Date.now() - started).toBeLessThan(10_000);
    // The answer no longer waits for the context (the decision reads the tier the API passed at start): the context
    // follows once the CRM's lookup has timed out, with the built-in record in its place.
    const ctx = await waitFor(async () => {
      const r = await gql(
        stack.port,
        token('agent', 'agt-1'),
        `query($id: ID!) { conversation(id: $id) { context { customer { id tier } crm { provider available } } } }`,
        { id },
      );
      return r.data!.conversation.context ?? undefined;
    }, 15_000);
    expect(ctx.customer).toEqual({ id: 'cus-10', tier: 'PRO' });
    expect(ctx.crm).toEqual({ provider: 'builtin', available: true });
  } finally {
    hubspot.failWith(null);
  }
});
