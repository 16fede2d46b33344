import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signIdentityToken } from '../src/auth/widget-identity';
import { freePort } from '../src/net';
import { launchChromium, startHostServer } from './support/browser';
import { gql, pg, startStack, token, waitFor } from './support/stack';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver';

/**
 * The widget in Chromium on a single-page host app from another origin: context gathering starts when it opens,
 * each message carries the page the customer is on then, and a customer who closed the page gets the agent's reply
 * by email (a real SMTP server) with a link that reopens the conversation in the widget.
 */
const SECRET = 'widget-away-test-secret-0123456';
const AFTER_SECONDS = 2; // as in widget-email.test.ts: long enough for two replies sent back to back to share a batch
let stack: Awaited<ReturnType<typeof startStack>>;
let host: Awaited<ReturnType<typeof startHostServer>>;
let smtp: SmtpReceiver;
let browser: Browser;
const pageErrors: string[] = [];

// A single-page app: "Billing" changes the address with pushState, as client-side routers do.
const hostPage = (apiUrl: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Initech Reports</title></head>
<body><nav><a id="to-billing" href="/settings/billing">Billing</a></nav><main><h1>Dashboards</h1></main>
<script src="${apiUrl}/widget.js"></script>
<script>
  document.getElementById('to-billing').addEventListener('click', (e) => {
    e.preventDefault();
    history.pushState({}, '', '/settings/billing');
    document.title = 'Billing settings';
    document.querySelector('h1').textContent = 'Billing';
  });
  SupportWidget.init({
    apiUrl: ${JSON.stringify(apiUrl)},
    allowVisitors: true,
    getToken: () => fetch('/token').then((r) => r.text()),
  });
</script></body></html>`;

beforeAll(async () => {
  const hostPort = await freePort();
  smtp = await startSmtpReceiver();
  stack = await startStack('widget-away', {
    WIDGET_IDENTITY_SECRET: SECRET,
    CORS_ORIGINS: `http://localhost:${hostPort}`,
    SMTP_URL: smtp.url,
    WIDGET_ALLOW_VISITORS: 'true',
    WIDGET_REPLY_EMAIL_AFTER_SECONDS: String(AFTER_SECONDS),
    WIDGET_REPLY_LINK_URL: `http://localhost:${hostPort}/support`,
  });
  const apiUrl = `http://127.0.0.1:${stack.port}`;
  host = await startHostServer((url, res, req) => {
    if (url.pathname === '/token') {
      // The host app's backend signs whoever its session cookie says is signed in.
      const user = /(?:^|;\s*)user=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
      if (!user) return void res.writeHead(200, { 'content-type': 'text/plain' }).end(''); // nobody signed in
      const claims = { sub: user, email: `${user}@initech.example`, name: 'Peter Gibbons', company: 'Initech' };
      res.writeHead(200, { 'content-type': 'text/plain' }).end(signIdentityToken(SECRET, claims, 120));
    } else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(apiUrl));
  }, hostPort);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await stack?.stop();
  await smtp?.stop();
});

async function signedIn(user: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  await context.addCookies([{ name: 'user', value: user, url: host.origin }]);
  return context;
}

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${host.origin}${path}`);
  return page;
}

const agent = token('agent', 'agt-1');

it('gathers context on opening, sends the page of each message, and emails the agent reply to a customer who left', async () => {
  const user = `away-${randomUUID().slice(0, 8)}`;
  const db = await pg();
  try {
    const context = await signedIn(user);
    const page = await open(context, '/dashboards');
    await page.getByRole('button', { name: 'Open support chat' }).click();

    // Opening the widget started gathering context; there is still no conversation (nothing was written).
    const prefetch = await waitFor(async () => {
      const r = await db.query('SELECT status, page_context FROM context_prefetches WHERE customer_id = $1', [user]);
      return r.rows[0];
    });
    expect(['GATHERING', 'READY']).toContain(prefetch.status);
    expect(prefetch.page_context).toMatchObject({ route: '/dashboards', title: 'Initech Reports' });
    const none = await db.query('SELECT count(*)::int AS n FROM conversations WHERE customer_id = $1', [user]);
    expect(none.rows[0].n).toBe(0);
    // The customer types for a few seconds; the gathering is done by then (one still under way is not adopted).
    await waitFor(async () => {
      const r = await db.query('SELECT status FROM context_prefetches WHERE customer_id = $1', [user]);
      return r.rows[0]?.status === 'READY';
    });

    await page.locator('support-widget textarea').fill('How do I export a dashboard to PDF?');
    await page.keyboard.press('Enter');
    await page.locator('support-widget .msg[data-author="AI"]').first().waitFor({ timeout: 30_000 });
    const [{ id }] = (await db.query('SELECT id FROM conversations WHERE customer_id = $1', [user])).rows;
    const adopted = await db.query(
      `SELECT data FROM conversation_events WHERE conversation_id = $1 AND kind = 'context_gathered'`,
      [id],
    );
    expect(adopted.rows[0]?.data).toMatchObject({ prefetched: true });

    // The customer moves within the app (pushState), then asks for a person: the handoff shows where they are now.
    await page.click('#to-billing');
    await page.locator('support-widget textarea').fill('Actually, can I talk to a person about my invoice?');
    await page.keyboard.press('Enter');
    await page.locator('support-widget .queue').waitFor({ timeout: 30_000 });
    const handoff = await waitFor(async () => {
      const r = await gql(
        stack.port,
        agent,
        `query($id: ID!) { conversation(id: $id) { handoff { pageContext { route title } startedOn { route } } } }`,
        { id },
      );
      return r.data?.conversation.handoff ?? undefined;
    });
    expect(handoff.pageContext).toEqual({ route: '/settings/billing', title: 'Billing settings' });
    expect(handoff.startedOn.route).toBe('/dashboards');

    // The customer closes the tab; the agent claims and answers in two messages.
    await context.close();
    const claim = await gql(stack.port, agent, `mutation($id: ID!) { claimConversation(conversationId: $id) { id } }`, {
      id,
    });
    expect(claim.errors).toBeUndefined();
    for (const body of ['Hi Peter, Nina here.', 'I corrected invoice INV-2291; the refund is on its way.']) {
      const r = await gql(stack.port, agent, `mutation($i: SendMessageInput!) { sendMessage(input: $i) { seq } }`, {
        i: { conversationId: id, body, clientMessageId: randomUUID() },
      });
      expect(r.errors).toBeUndefined();
    }
    const address = `${user}@initech.example`;
    const [mail] = await waitFor(() => (smtp.to(address).length ? smtp.to(address) : undefined), 40_000);
    expect(mail.text).toContain('Hi Peter, Nina here.');
    expect(mail.text).toContain('I corrected invoice INV-2291');
    const link = new RegExp(`${host.origin}/support\\?support_reply=[\\w.-]+`).exec(mail.text)?.[0];
    expect(link).toBeDefined();

    // The link reopens that conversation in the widget on the host's landing page.
    const back = await open(await signedIn(user), link!.replace(host.origin, ''));
    const reply = back.locator('support-widget .msg[data-author="AGENT"]', { hasText: 'INV-2291' });
    await reply.waitFor({ timeout: 20_000 });
    expect(await back.getByRole('dialog', { name: 'Support' }).isVisible()).toBe(true);
    expect(back.url()).toBe(`${host.origin}/support`);
    expect(smtp.to(address)).toHaveLength(1);
    await back.context().close();
  } finally {
    await db.end();
  }
});

it('lets a visitor chat, and keeps the conversation on screen and in their name when they sign in', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await open(context, '/dashboards');
  await page.getByRole('button', { name: 'Open support chat' }).click();
  await page.locator('support-widget textarea').fill('How do I export a dashboard to PDF?');
  await page.keyboard.press('Enter');
  await page.locator('support-widget .msg[data-author="AI"]').first().waitFor({ timeout: 30_000 });
  const db = await pg();
  try {
    const [visitor] = (
      await db.query(
        `SELECT c.id, c.customer_id FROM conversations c JOIN customers u ON u.id = c.customer_id
         WHERE u.visitor ORDER BY c.created_at DESC LIMIT 1`,
      )
    ).rows;
    expect(visitor.customer_id).toMatch(/^vis-/);

    // The visitor signs in to the host app (its session cookie), and the page reloads.
    const user = `signed-${randomUUID().slice(0, 8)}`;
    await context.addCookies([{ name: 'user', value: user, url: host.origin }]);
    await page.reload();
    await page.getByRole('button', { name: 'Open support chat' }).click();
    await page.locator('support-widget .msg[data-author="AI"]').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('support-widget .msg.mine').first().textContent()).toContain('export a dashboard to PDF');
    const moved = await db.query('SELECT customer_id FROM conversations WHERE id = $1', [visitor.id]);
    expect(moved.rows[0].customer_id).toBe(user);
  } finally {
    await db.end();
    await context.close();
  }
});

it('left no script errors in any page', () => {
  expect(pageErrors).toEqual([]);
});
