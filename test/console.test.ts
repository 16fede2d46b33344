import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchChromium } from './support/browser';
import { cid, customerTurn, gql, SEND, START, startStack, subscribe, token, waitFor, wsClient } from './support/stack';

/**
 * The agent console in Chromium, against the real API, worker, Temporal and PostgreSQL: agents sign in through the
 * development sign-in, a customer's escalation appears live in their queue with its handoff packet, two agents race
 * to claim it, the winner replies and writes an internal note, transfers to Tier 2, and a Tier 2 agent resolves it.
 * Access tokens live 12 s here, so every page renews its session (and reconnects its socket) while the test runs.
 */
const DOCS = path.resolve(__dirname, '..', 'docs');
const ACCESS_TTL_SECONDS = 12;

let stack: Awaited<ReturnType<typeof startStack>>;
let browser: Browser;
let base: string;
const pageErrors: string[] = [];
const refreshes = new Map<Page, number>();

beforeAll(async () => {
  stack = await startStack('console', { CONSOLE_ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TTL_SECONDS) });
  base = `http://127.0.0.1:${stack.port}`;
  browser = await launchChromium();
  mkdirSync(DOCS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function signIn(name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${name}: ${String(e)}`));
  page.on('response', (r) => {
    if (r.url().endsWith('/auth/refresh') && r.status() === 200) refreshes.set(page, (refreshes.get(page) ?? 0) + 1);
  });
  await page.goto(`${base}/console/`);
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.getByRole('heading', { name: 'Queue', level: 1 }).waitFor({ timeout: 15_000 });
  return { context, page };
}

/**
 * A customer's conversation that goes to a person (they ask for one), after an AI answer when `question` is given;
 * returns once it is queued with its handoff packet.
 */
async function escalate(customerId: string, body: string, route: string, question?: string) {
  const customer = token('customer', customerId);
  const page = { route, title: 'Dashboards', errorMessage: 'SF-401: export failed' };
  let id: string;
  if (question) {
    const first = await customerTurn(stack.port, customer, null, question, page);
    expect(first.reply.authorKind).toBe('AI');
    id = (await customerTurn(stack.port, customer, first.id, body)).id;
  } else {
    const r = await gql(stack.port, customer, START, { input: { body, clientMessageId: cid(), pageContext: page } });
    expect(r.errors).toBeUndefined();
    id = r.data!.startConversation.id as string;
  }
  await waitFor(async () => {
    const c = await gql(
      stack.port,
      token('admin', 'admin-1'),
      `query($id: ID!) { conversation(id: $id) { status handoff { goal } } }`,
      {
        id,
      },
    );
    return c.data?.conversation?.status === 'AWAITING_AGENT' && c.data.conversation.handoff ? true : undefined;
  }, 40_000);
  return { id, customer };
}

const seriousOrCritical = async (page: Page) =>
  (await axeViolations(page, 'body'))
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`);

describe('the console is served by the API', () => {
  it('at /console with hashed, immutable assets, index.html for every other path, under a same-origin CSP', async () => {
    const bare = await fetch(`${base}/console`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/console/']);
    const deep = await fetch(`${base}/console/conversations/some-id?view=mine`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(deep.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await deep.text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1];
    const asset = await fetch(`${base}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(html).not.toMatch(/https?:\/\//); // nothing from a CDN or a font service
    expect((await fetch(`${base}/console/assets/gone-0000.js`)).status).toBe(404);
  });
});

describe('the agent console', () => {
  const tag = randomUUID().slice(0, 6);
  let nina: { context: BrowserContext; page: Page };
  let marco: { context: BrowserContext; page: Page };
  let conversationId: string;
  let customerToken: string;
  let winner: { name: string; page: Page };
  let loser: { name: string; page: Page };
  let customerSub: ReturnType<typeof subscribe<any>>;
  let lateId: string;

  it('signs an agent in through development sign-in; the access token stays in memory, the refresh cookie httpOnly', async () => {
    nina = await signIn('Nina Patel');
    marco = await signIn('Marco Rossi');
    const cookies = await nina.context.cookies();
    const refresh = cookies.find((c) => c.name === 'sh_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/auth' });
    const stored = await nina.page.evaluate(() => {
      const g = globalThis as any;
      return [g.localStorage.length, g.sessionStorage.length, g.document.cookie];
    });
    expect(stored).toEqual([0, 0, '']);
    // A reload signs straight back in from the cookie; so does a second tab opened at the same moment (the API ends
    // a session whose rotated cookie is shown twice, so the tabs must take turns).
    const tab = await nina.context.newPage();
    await Promise.all([nina.page.reload(), tab.goto(`${base}/console/`)]);
    for (const p of [nina.page, tab])
      await p.getByRole('heading', { name: 'Queue', level: 1 }).waitFor({ timeout: 15_000 });
    await tab.close();
    // The agent's own status switch.
    for (const p of [nina.page, marco.page]) await p.getByLabel('Your status').selectOption('ONLINE');
    await waitFor(async () => {
      const r = await gql(
        stack.port,
        token('admin', 'admin-1'),
        `{ agents(first: 100) { edges { node { id status } } } }`,
      );
      const online = r.data?.agents.edges.filter((e: any) => e.node.status === 'ONLINE').map((e: any) => e.node.id);
      return (online?.includes('agt-1') && online.includes('agt-2')) || undefined;
    }, 10_000);
  });

  it('shows an escalated conversation appear live in the queue, with its SLA countdown, ladder step and handoff packet', async () => {
    const ws = wsClient(stack.port, token('customer', 'cus-17'));
    const started = await escalate(
      'cus-17',
      `That did not work, the board pack still fails. Please let me talk to a human (${tag}).`,
      '/dashboards/2210',
      'How do I export a dashboard to PDF?',
    );
    conversationId = started.id;
    customerToken = started.customer;
    customerSub = subscribe<any>(
      ws,
      `subscription($id: ID!) { messageAdded(conversationId: $id) { authorKind body } }`,
      {
        id: conversationId,
      },
    );

    // Nina's queue was open before the escalation: the row arrives without a reload.
    const row = nina.page.locator(`.row[data-conversation="${conversationId}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain('Jennifer Walsh');
    expect(await row.textContent()).toContain('Asked for a person');
    const sla = row.getByTestId('sla');
    const before = await sla.textContent();
    expect(before).toMatch(/^Claim in \d/);
    await waitFor(async () => ((await sla.textContent()) !== before ? true : undefined), 5_000);
    expect(await row.getByTestId('ladder').textContent()).toMatch(/^Step 0\/3 · Warn in \d/);

    await row.click();
    await nina.page.getByTestId('handoff-goal').waitFor();
    expect((await nina.page.getByTestId('handoff-goal').textContent())!.length).toBeGreaterThan(10);
    const panel = nina.page.getByRole('complementary', { name: 'Handoff and context' });
    expect(await panel.textContent()).toContain('Why the AI stopped');
    expect(await panel.textContent()).toContain('Escalation evidence');
    expect(await panel.textContent()).toContain('/dashboards/2210');
    expect(await panel.getByRole('heading', { name: 'SLA' }).isVisible()).toBe(true);
    await marco.page.goto(`${base}/console/conversations/${conversationId}`);
    await marco.page.getByTestId('handoff-goal').waitFor({ timeout: 15_000 });
    for (const b of [nina.page, marco.page]) await b.getByRole('button', { name: 'Claim' }).waitFor();
  });

  it('two agents claim at once: one wins, the other is told who did', async () => {
    await Promise.all([
      nina.page.getByRole('button', { name: 'Claim' }).click(),
      marco.page.getByRole('button', { name: 'Claim' }).click(),
    ]);
    const outcome = async (p: Page) =>
      (await p.locator('.action-error').count()) > 0
        ? 'lost'
        : (await p.getByTestId('conversation-status').textContent()) === 'With agent' &&
            (await p.getByRole('button', { name: 'Resolve' }).count()) > 0
          ? 'won'
          : undefined;
    const [a, b] = await waitFor(async () => {
      const r = [await outcome(nina.page), await outcome(marco.page)];
      return r[0] && r[1] ? r : undefined;
    }, 20_000);
    expect([a, b].sort()).toEqual(['lost', 'won']);
    winner = a === 'won' ? { name: 'Nina Patel', page: nina.page } : { name: 'Marco Rossi', page: marco.page };
    loser = a === 'won' ? { name: 'Marco Rossi', page: marco.page } : { name: 'Nina Patel', page: nina.page };
    const message = await loser.page.locator('.action-error').textContent();
    expect(message).toMatch(/claimed/i);
    expect(message).toContain(winner.name);
    // The loser's screen follows the winner's claim.
    await waitFor(async () =>
      (await loser.page.getByTestId('conversation-status').textContent()) === 'With agent' ? true : undefined,
    );
  });

  it('the winner replies (the customer receives it) and writes an internal note the customer never sees', async () => {
    const sub = customerSub;
    const page = winner.page;
    // The customer types: like the widget, they signal it every 3 s while typing (a signal is ephemeral, and the
    // console's socket reconnects at each token renewal). The agent sees it.
    const typing = () =>
      gql(stack.port, customerToken, `mutation($id: ID!) { setTyping(conversationId: $id, typing: true) }`, {
        id: conversationId,
      });
    await typing();
    const typingAgain = setInterval(() => void typing(), 3000);
    try {
      await page.getByText('Jennifer Walsh is typing…').waitFor({ timeout: 10_000 });
    } finally {
      clearInterval(typingAgain);
    }
    const composer = page.getByLabel('Reply to the customer');
    await composer.fill(`Hi Jennifer, ${winner.name.split(' ')[0]} here. I am looking at the PDF export now.`);
    await composer.press('Enter');
    await sub.waitFor((e) =>
      e.some((x) => x.messageAdded.authorKind === 'AGENT' && x.messageAdded.body.includes('looking at the PDF export')),
    );
    await page.locator('.msg.agent', { hasText: 'looking at the PDF export' }).waitFor();

    await page.getByRole('button', { name: 'Internal note' }).click();
    const note = `Board pack export hits the 50-page limit; engineering ticket ENG-${tag}.`;
    await page.getByLabel('Internal note for the team').fill(note);
    await page.getByLabel('Internal note for the team').press('Enter');
    const shown = page.locator('.msg.note', { hasText: `ENG-${tag}` });
    await shown.waitFor({ timeout: 10_000 });
    expect(await shown.textContent()).toContain('Internal note');
    // The loser sees the note live too (the team's view).
    await loser.page.locator('.msg.note', { hasText: `ENG-${tag}` }).waitFor({ timeout: 10_000 });

    const seen = await gql(
      stack.port,
      customerToken,
      `query($id: ID!) { conversation(id: $id) { messages(first: 100) { edges { node { body } } } } }`,
      {
        id: conversationId,
      },
    );
    const bodies = seen.data!.conversation.messages.edges.map((e: any) => e.node.body as string);
    expect(bodies.some((b: string) => b.includes('looking at the PDF export'))).toBe(true);
    expect(bodies.some((b: string) => b.includes(`ENG-${tag}`))).toBe(false);
    expect(sub.events.some((x) => x.messageAdded.body.includes(`ENG-${tag}`))).toBe(false);

    await page.getByRole('button', { name: 'Reply', exact: true }).click();
    await page.getByRole('link', { name: /^Assigned to me/ }).click();
    await page.locator(`.row.selected[data-conversation="${conversationId}"]`).waitFor();
    expect(await page.locator('.msg.ai .sources a').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(DOCS, 'console-conversation.png') });
    expect(await seriousOrCritical(page)).toEqual([]);
  });

  it('notifications: the winner was told it is theirs, with an unread count, and marks them read', async () => {
    const page = winner.page;
    const bell = page.getByRole('button', { name: /^Notifications/ });
    await waitFor(async () => (/\d+ unread/.test((await bell.getAttribute('aria-label')) ?? '') ? true : undefined));
    await bell.click();
    const panel = page.getByRole('region', { name: 'Notifications' });
    await panel.locator('li', { hasText: 'Assigned to you' }).first().waitFor();
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await waitFor(async () => ((await bell.getAttribute('aria-label')) === 'Notifications' ? true : undefined));
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    const winnerId = winner.name === 'Nina Patel' ? 'agt-1' : 'agt-2';
    const r = await gql(stack.port, token('agent', winnerId), `{ notifications(first: 5) { unreadCount } }`);
    expect(r.data!.notifications.unreadCount).toBe(0);
  });

  it('the inbox: views with counts, search, and no serious accessibility violation', async () => {
    // Two more customers waiting, so the queue has something to order.
    await escalate(
      'cus-21',
      `I want a human now. Our SSO login loops back to the sign-in page (${tag}).`,
      '/settings/sso',
    );
    await escalate(
      'cus-09',
      `Can a person call me? The invoice for March charged us twice (${tag}).`,
      '/billing/invoices',
    );
    const page = loser.page;
    await page.getByRole('link', { name: /^Queue/ }).click();
    await page.locator('.row').nth(1).waitFor({ timeout: 20_000 });
    const deadlines = await page.locator('.row [data-testid="sla"]').allTextContents();
    expect(deadlines.length).toBeGreaterThanOrEqual(2);
    await page.locator('.row').first().click();
    await page.getByTestId('handoff-goal').waitFor();
    await page.screenshot({ path: path.join(DOCS, 'console-inbox.png') });
    expect(await seriousOrCritical(page)).toEqual([]);

    const enterprise = page.getByRole('link', { name: /^Enterprise/ });
    expect(Number(await enterprise.locator('.count').textContent())).toBeGreaterThanOrEqual(2);
    await enterprise.click();
    await page.getByRole('heading', { name: 'Enterprise customers', level: 1 }).waitFor();
    await page.locator(`.row[data-conversation="${conversationId}"]`).waitFor();

    await page.getByRole('searchbox', { name: 'Search conversations' }).fill(`SSO login loops ${tag}`);
    await page.getByRole('searchbox', { name: 'Search conversations' }).press('Enter');
    await page.getByRole('heading', { name: /Search/, level: 1 }).waitFor();
    await waitFor(async () => ((await page.locator('.row').count()) === 1 ? true : undefined), 10_000);
    expect(await page.locator('.row').first().textContent()).toContain('Michael Brennan');
  });

  it('the winner transfers it to Tier 2, and a Tier 2 agent claims and resolves it', async () => {
    const elena = await signIn('Elena Petrova');
    const page = winner.page;
    await page.getByRole('button', { name: 'Transfer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Transfer conversation' });
    await dialog.getByLabel('Tier', { exact: true }).selectOption('TIER2');
    await dialog.getByLabel('Reason').fill('Needs the export limits explained by Tier 2.');
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await waitFor(async () =>
      (await page.getByTestId('conversation-status').textContent()) === 'Waiting' ? true : undefined,
    );

    const row = elena.page.locator(`.row[data-conversation="${conversationId}"]`);
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    await elena.page.getByRole('button', { name: 'Claim' }).click();
    await elena.page.getByRole('button', { name: 'Resolve' }).waitFor({ timeout: 15_000 });
    await elena.page.getByRole('button', { name: 'Resolve' }).click();
    const resolve = elena.page.getByRole('dialog', { name: 'Resolve conversation' });
    await resolve.getByLabel('Category').selectOption('how_to');
    await resolve.getByLabel('Summary').fill('Board packs over 50 pages export in parts; explained the split export.');
    await resolve.getByLabel('Worth a KB article').check();
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await waitFor(async () =>
      (await elena.page.getByTestId('conversation-status').textContent()) === 'Resolved' ? true : undefined,
    );
    const r = await gql(
      stack.port,
      token('admin', 'admin-1'),
      `query($id: ID!) { conversation(id: $id) { status resolvedBy } }`,
      {
        id: conversationId,
      },
    );
    expect(r.data!.conversation).toMatchObject({ status: 'RESOLVED', resolvedBy: 'AGENT' });
    await elena.context.close();
  });

  it('renews the session silently before the access token expires, and stays live on the renewed token', async () => {
    const page = nina.page;
    const renewedBefore = refreshes.get(page) ?? 0;
    // The timer renews at three quarters of the 12 s lifetime; then wait past the old token's expiry, when the API
    // would have closed a socket still authenticated with it.
    await waitFor(() => ((refreshes.get(page) ?? 0) > renewedBefore ? true : undefined), 40_000);
    await new Promise((r) => setTimeout(r, (ACCESS_TTL_SECONDS / 4) * 1000 + 1500));
    await page.getByRole('link', { name: /^Queue/ }).click();
    await page.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
    lateId = (await escalate('cus-12', `Could a person help? Our webhook stopped firing (${tag}).`, '/integrations'))
      .id;
    await page.locator(`.row[data-conversation="${lateId}"]`).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
    customerSub.dispose();
    await nina.context.close();
    await marco.context.close();
  });

  it("a lead takes over another agent's conversation and reassigns it; signing out ends the session in every tab", async () => {
    const claim = await gql(
      stack.port,
      token('agent', 'agt-2'),
      `mutation($id: ID!) { claimConversation(conversationId: $id) { status } }`,
      {
        id: lateId,
      },
    );
    expect(claim.data?.claimConversation.status).toBe('AGENT_ACTIVE');
    const hannah = await signIn('Hannah Schmidt');
    await hannah.page.goto(`${base}/console/conversations/${lateId}`);
    await hannah.page.getByText('Assigned to Marco Rossi').waitFor({ timeout: 15_000 });
    await hannah.page.getByRole('button', { name: 'Take over' }).click();
    await hannah.page.getByText('Assigned to Hannah Schmidt').waitFor({ timeout: 15_000 });
    await hannah.page.getByRole('button', { name: 'Reassign' }).click();
    const dialog = hannah.page.getByRole('dialog', { name: 'Reassign conversation' });
    await dialog.getByLabel('Agent').selectOption('agt-3');
    await dialog.getByRole('button', { name: 'Reassign' }).click();
    await hannah.page.getByText('Assigned to Grace Liu').waitFor({ timeout: 15_000 });

    // Signing out in one tab ends the session: the other tab's next renewal is refused and it says so.
    const other = await hannah.context.newPage();
    await other.goto(`${base}/console/`);
    await other.getByRole('heading', { name: 'Queue', level: 1 }).waitFor({ timeout: 15_000 });
    await hannah.page.getByRole('button', { name: 'Sign out' }).click();
    await hannah.page.getByRole('button', { name: /Hannah Schmidt/ }).waitFor();
    expect((await hannah.context.cookies()).some((c) => c.name === 'sh_refresh')).toBe(false);
    await other.getByText('Your session has ended').waitFor({ timeout: (ACCESS_TTL_SECONDS + 5) * 1000 });
    expect(pageErrors).toEqual([]);
    await hannah.context.close();
  });
});

describe('a conversation opened in the console', () => {
  it('shows a message committed between its load and its live subscription, with no further message', async () => {
    const { id, customer } = await escalate(
      'cus-14',
      'Can a person help? Our SSO sign-in loops back to the login page.',
      '/sso',
    );
    const claim = await gql(
      stack.port,
      token('agent', 'agt-4'),
      `mutation($id: ID!) { claimConversation(conversationId: $id) { status } }`,
      { id },
    );
    expect(claim.data?.claimConversation.status).toBe('AGENT_ACTIVE');
    const samuel = await signIn('Samuel Owusu');
    const page = samuel.page;
    const late = `Also: the loop only happens in Safari (${randomUUID().slice(0, 6)}).`;

    // The pane's read of the conversation reaches the API, then the customer's message is committed, then the read is
    // answered; and the pane's messageAdded subscription reaches the API only after that commit. The window is wide open.
    let committed = false;
    const held: (() => void)[] = [];
    await samuel.context.routeWebSocket(/\/graphql$/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        if (!committed && typeof m === 'string' && m.includes('messageAdded')) held.push(() => server.send(m));
        else server.send(m);
      });
      server.onMessage((m) => ws.send(m));
    });
    let intercepted = false;
    await page.route(/\/graphql$/, async (route) => {
      if (intercepted || !route.request().postData()?.includes('query ConsoleConversation(')) return route.fallback();
      intercepted = true;
      const response = await route.fetch();
      const sent = await gql(stack.port, customer, SEND, {
        input: { conversationId: id, body: late, clientMessageId: cid() },
      });
      expect(sent.errors).toBeUndefined();
      await route.fulfill({ response });
      committed = true;
      for (const send of held.splice(0)) send();
    });
    await page.goto(`${base}/console/conversations/${id}`);
    await page.getByTestId('handoff-goal').waitFor({ timeout: 15_000 });
    expect(intercepted).toBe(true);

    // Shown without any further message, and before the session's renewal (9 s in) would reload the pane.
    await page.locator('.msg.customer', { hasText: late }).waitFor({ timeout: 5_000 });

    // The session's renewal reconnects the socket and graphql-ws subscribes again from the same seq: what that
    // replays is not shown twice, and the next message still arrives live.
    const renewed = refreshes.get(page) ?? 0;
    await waitFor(() => ((refreshes.get(page) ?? 0) > renewed ? true : undefined), 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    const next = `It started after yesterday's update (${randomUUID().slice(0, 6)}).`;
    await gql(stack.port, customer, SEND, { input: { conversationId: id, body: next, clientMessageId: cid() } });
    await page.locator('.msg.customer', { hasText: next }).waitFor({ timeout: 10_000 });
    expect(await page.locator('.msg.customer', { hasText: late }).count()).toBe(1);
    const shown = await page.locator('.transcript .msg:not(.note) .bubble').allTextContents();
    expect(shown.slice(-2)).toEqual([late, next]);
    expect(new Set(shown).size).toBe(shown.length);
    expect(pageErrors).toEqual([]);
    await samuel.context.close();
  });
});
