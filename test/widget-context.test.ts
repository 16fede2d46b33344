import { randomUUID } from 'node:crypto';
import { signIdentityToken } from '../src/auth/widget-identity';
import { cid, customerTurn, gql, pg, SEND, staffToken, startStack, temporalClient, waitFor } from './support/stack';
import { startHubSpotStub, type HubSpotStub } from './stubs/hubspot-stub';

/**
 * What the widget sends besides messages: the context prefetched when it opens (consumed by the first message, so
 * the first answer asks no source), the page on every message (the handoff shows where the customer is now), and
 * the CRM's account facts on first contact. HubSpot is a local stub speaking its wire format.
 */
const SECRET = 'widget-context-secret-0123456789';
const HUBSPOT_TOKEN = 'pat-test-hubspot-widget-0001';
let stack: Awaited<ReturnType<typeof startStack>>;
let hubspot: HubSpotStub;

beforeAll(async () => {
  hubspot = await startHubSpotStub({ accessToken: HUBSPOT_TOKEN });
  stack = await startStack('widget-context', {
    WIDGET_IDENTITY_SECRET: SECRET,
    HUBSPOT_ACCESS_TOKEN: HUBSPOT_TOKEN,
    HUBSPOT_BASE_URL: hubspot.url,
  });
});
afterAll(async () => {
  await stack?.stop();
  await hubspot?.stop();
});

const START_SESSION = `mutation($t: String!) { startWidgetSession(identityToken: $t) { token customer { id tier } } }`;
const PREPARE = `mutation($p: PageContextInput) { prepareConversation(pageContext: $p) { status startedAt expiresAt } }`;
const CONTEXT = `query($id: ID!) { conversation(id: $id) { context { page { route } customer { tier plan } crm { provider companyName } } } }`;

/** A host-app user; `inCrm` seeds HubSpot with their contact at an Enterprise company. */
let hubspotIds = 7000 + Math.floor(Math.random() * 1000) * 100;
function newUser(inCrm: boolean) {
  const id = randomUUID().slice(0, 8);
  const [companyId, contactId] = [String(++hubspotIds), String(++hubspotIds)];
  const u = { sub: `ctx-user-${id}`, email: `ctx-${id}@acme.example`, name: `User ${id}`, company: 'Acme' };
  if (inCrm) {
    hubspot.seed({
      companies: [
        { id: companyId, properties: { name: `Acme ${id} GmbH`, lumen_tier: 'ENTERPRISE', lumen_plan: 'Enterprise' } },
      ],
      contacts: [
        { id: contactId, properties: { email: u.email }, companyIds: [companyId], primaryCompanyId: companyId },
      ],
    });
  }
  return u;
}

async function session(u: ReturnType<typeof newUser>, plan?: string) {
  const r = await gql(stack.port, null, START_SESSION, { t: signIdentityToken(SECRET, { ...u, plan }) });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.startWidgetSession as { token: string; customer: { id: string; tier: string } };
}

const hubspotCalls = () => hubspot.requests.length;

it('takes the tier from the CRM on first contact; a plan claim counts only when the CRM does not know the customer', async () => {
  const known = await session(newUser(true), 'pro');
  expect(known.customer.tier).toBe('ENTERPRISE');
  const unknown = await session(newUser(false), 'pro');
  expect(unknown.customer.tier).toBe('PRO');
});

it('gathers context when the widget opens, starts nothing until the first message, which adopts it without asking any source again', async () => {
  const u = newUser(true);
  const s = await session(u);
  const first = await gql(stack.port, s.token, PREPARE, { p: { route: '/reports/7', title: 'Reports' } });
  expect(first.errors).toBeUndefined();
  expect(['GATHERING', 'READY']).toContain(first.data!.prepareConversation.status);
  const expiresIn = Date.parse(first.data!.prepareConversation.expiresAt) - Date.now();
  expect(expiresIn).toBeGreaterThan(14 * 60_000);
  expect(expiresIn).toBeLessThanOrEqual(15 * 60_000);

  // Idempotent per widget session: the same prefetch, never a second gathering.
  const ready = await waitFor(async () => {
    const r = await gql(stack.port, s.token, PREPARE, { p: { route: '/reports/7' } });
    const p = r.data?.prepareConversation;
    return p?.status === 'READY' ? p : undefined;
  });
  expect(ready.startedAt).toBe(first.data!.prepareConversation.startedAt);

  const db = await pg();
  try {
    // Opening the widget started no conversation (no row, so no workflow: it is started by the first message).
    const none = await db.query('SELECT count(*)::int AS n FROM conversations WHERE customer_id = $1', [u.sub]);
    expect(none.rows[0].n).toBe(0);

    const before = hubspotCalls();
    const { id, reply } = await customerTurn(stack.port, s.token, null, 'How do I export a dashboard to PDF?', {
      route: '/reports/7/export',
    });
    expect(['AI', 'SYSTEM']).toContain(reply.authorKind);
    // The first turn asked the CRM nothing: what it knows came from the prefetch.
    expect(hubspotCalls()).toBe(before);

    const ctx = (await gql(stack.port, staffToken(), CONTEXT, { id })).data!.conversation.context;
    expect(ctx.customer.tier).toBe('ENTERPRISE');
    expect(ctx.crm.provider).toBe('hubspot');
    expect(ctx.page.route).toBe('/reports/7/export');
    const ev = await db.query(
      `SELECT data FROM conversation_events WHERE conversation_id = $1 AND kind = 'context_gathered'`,
      [id],
    );
    expect(ev.rows[0].data).toMatchObject({ crm: true, prefetched: true });
    const row = await db.query('SELECT consumed_by FROM context_prefetches WHERE customer_id = $1', [u.sub]);
    expect(row.rows).toEqual([{ consumed_by: id }]);
  } finally {
    await db.end();
  }
});

it('without a prefetch the API gathers the context after the start: the run schedules nothing for it and reads it back at the next turn', async () => {
  const s = await session(newUser(true));
  const before = hubspotCalls();
  const { id, conversation } = await customerTurn(stack.port, s.token, null, 'How do I export a dashboard to PDF?');
  // The first answer waits for no context source (the tier came with the start): the sources are asked beside it.
  await waitFor(() => hubspotCalls() > before || undefined);
  const ctx = await waitFor(
    async () => (await gql(stack.port, staffToken(), CONTEXT, { id })).data!.conversation.context ?? undefined,
  );
  expect(ctx.customer.tier).toBe('ENTERPRISE');
  expect(ctx.crm.provider).toBe('hubspot');
  const db = await pg();
  try {
    const ev = await db.query(
      `SELECT data FROM conversation_events WHERE conversation_id = $1 AND kind = 'context_gathered'`,
      [id],
    );
    expect(ev.rows.map((r) => r.data)).toEqual([expect.objectContaining({ crm: true, atStart: true })]);
  } finally {
    await db.end();
  }
  const asked = hubspotCalls();
  await customerTurn(stack.port, s.token, id, 'Can I schedule it weekly?');
  expect(hubspotCalls()).toBe(asked); // the second turn read the API's record back: no source asked again
  const t = await temporalClient();
  try {
    const events = (await t.client.workflow.getHandle(conversation.workflowId).fetchHistory()).events ?? [];
    // No activity for the context: the start and each message are one workflow task each.
    const { scheduled, local: locals } = await t.activityTypes(events);
    expect(scheduled).not.toContain('gatherContext');
    expect(locals.filter((type) => type === 'adoptRecordedContext')).toHaveLength(1);
  } finally {
    await t.close();
  }
});

it('keeps the page of every message: the handoff shows where the customer is now and where they started', async () => {
  const s = await session(newUser(false));
  const { id } = await customerTurn(stack.port, s.token, null, 'How do I export a dashboard to PDF?', {
    route: '/dashboards/12',
    title: 'Revenue',
  });
  const sent = await gql(stack.port, s.token, SEND, {
    input: {
      conversationId: id,
      body: 'I would like to talk to a person, please.',
      clientMessageId: cid(),
      pageContext: { route: '/settings/billing', title: 'Billing', errorMessage: 'BL-402: card declined' },
    },
  });
  expect(sent.errors).toBeUndefined();
  const handoff = await waitFor(async () => {
    const r = await gql(
      stack.port,
      staffToken(),
      `query($id: ID!) { conversation(id: $id) { handoff { pageContext { route title errorMessage } startedOn { route } flags } } }`,
      { id },
    );
    return r.data?.conversation.handoff ?? undefined;
  }, 30_000);
  expect(handoff.pageContext).toEqual({
    route: '/settings/billing',
    title: 'Billing',
    errorMessage: 'BL-402: card declined',
  });
  expect(handoff.startedOn).toEqual({ route: '/dashboards/12' });
  expect(handoff.flags).toContain('page error: BL-402');
});
