import { randomUUID } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import type { Browser, Page } from 'playwright-core';
import { signIdentityToken } from '../src/auth/widget-identity';
import { freePort } from '../src/net';
import { axeViolations, launchChromium, startHostServer } from './support/browser';
import { encodeEvent, EVENTS_CHANNEL } from '../src/events/channel';
import { TYPING_CHANNEL } from '../src/events/typing';
import { cid, gql, pg, SEND, startStack, subscribe, token, waitFor, wsClient } from './support/stack';

/**
 * The widget in Chromium on a host page from another origin, against the real API, worker, Temporal and PostgreSQL.
 * The host page's own CSS is hostile on purpose: the Shadow DOM must keep the widget as designed.
 */
const SECRET = 'widget-browser-test-secret-0123';
const SESSION_TTL_SECONDS = 12; // short, so the silent renewal (at 3/4 of it, 9 s) happens while the test watches
const DOCS = path.resolve(__dirname, '..', 'docs');

let stack: Awaited<ReturnType<typeof startStack>>;
let host: Awaited<ReturnType<typeof startHostServer>>;
let browser: Browser;
const tokenCalls = new Map<string, number>();
const pageErrors: string[] = [];

const hostPage = (apiUrl: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Initech Reports</title>
<style>
  body { margin: 0; font: 16px/1.5 Georgia, serif; background: #f4f1ea; color: #333; }
  header { background: #1d3557; color: #fff; padding: 14px 24px; font: 600 18px sans-serif; }
  main { padding: 24px; max-width: 640px; }
  /* Hostile to embedded widgets: none of this may reach inside the Shadow DOM. */
  * { letter-spacing: 0.2em !important; }
  button { background: #ff00aa !important; padding: 30px !important; font-size: 30px !important; border-radius: 0 !important; }
  div, p { line-height: 3 !important; color: #c00 !important; }
</style></head>
<body><header>Initech Reports</header>
<main><h1>Quarterly dashboard</h1><p>Revenue is up 12% on the quarter.</p></main>
<script src="${apiUrl}/widget.js"></script>
<script>
  const q = new URLSearchParams(location.search);
  SupportWidget.init({
    apiUrl: ${JSON.stringify(apiUrl)},
    brandColor: '#1d3557',
    greeting: 'Hi! Ask us anything about Initech Reports.',
    locale: q.get('locale') || undefined,
    getToken: () => fetch('/token?' + q.toString()).then((r) => r.text()),
  });
</script></body></html>`;

beforeAll(async () => {
  const hostPort = await freePort();
  stack = await startStack('widget', {
    WIDGET_IDENTITY_SECRET: SECRET,
    CORS_ORIGINS: `http://localhost:${hostPort}`,
    WIDGET_SESSION_TTL_SECONDS: String(SESSION_TTL_SECONDS),
  });
  const apiUrl = `http://127.0.0.1:${stack.port}`;
  host = await startHostServer((url, res) => {
    if (url.pathname === '/token') {
      // The host app's backend: it knows who is signed in and signs that, nothing more.
      const user = url.searchParams.get('user') ?? 'nobody';
      tokenCalls.set(user, (tokenCalls.get(user) ?? 0) + 1);
      const claims = { sub: user, email: `${user}@initech.example`, name: 'Peter Gibbons', company: 'Initech' };
      const mode = url.searchParams.get('mode');
      const t =
        mode === 'expired'
          ? jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 30 }, SECRET, { algorithm: 'HS256' })
          : mode === 'forged'
            ? signIdentityToken('a-secret-the-host-does-not-have', claims)
            : signIdentityToken(SECRET, claims, 120);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(t);
    } else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(apiUrl));
  }, hostPort);
  browser = await launchChromium();
  mkdirSync(DOCS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await stack?.stop();
});

async function openHostPage(query: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-US', deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(`${host.origin}/?${query}`);
  return page;
}

const shadowActiveId = (page: Page) =>
  page.evaluate(
    () => (globalThis as any).document.querySelector('support-widget')?.shadowRoot?.activeElement?.id ?? null,
  );
const agent = token('agent', 'agt-1');

interface WidgetSocket {
  openedAfterTokenCalls: number;
  frames: string[];
}

describe('the widget on a host page from another origin', () => {
  const user = `initech-${randomUUID().slice(0, 8)}`;
  let page: Page;
  /** Every WebSocket the widget opens on this page: how many identity tokens it had fetched by then, what it got. */
  const sockets: WidgetSocket[] = [];
  let conversationId: string;

  it('opens from the launcher with the keyboard, answers a question with AI and links its sources', async () => {
    page = await openHostPage(`user=${user}`);
    page.on('websocket', (ws) => {
      const socket: WidgetSocket = { openedAfterTokenCalls: tokenCalls.get(user) ?? 0, frames: [] };
      sockets.push(socket);
      ws.on('framereceived', (f) => void socket.frames.push(String(f.payload)));
    });
    const launcher = page.getByRole('button', { name: 'Open support chat' });
    await launcher.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog', { name: 'Support' }).isVisible()).resolves.toBe(true);
    expect(await shadowActiveId(page)).toBe('sw-input');
    // The host page's CSS did not reach in: our launcher is still a 56 px circle.
    const box = await page.locator('support-widget .launcher').boundingBox();
    expect([Math.round(box!.width), Math.round(box!.height)]).toEqual([56, 56]);

    await page.keyboard.type('How do I export a dashboard to PDF?');
    await page.keyboard.press('Enter');
    const answer = page.locator('support-widget .msg[data-author="AI"]').first();
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.locator('.author').textContent()).toBe('AI assistant');
    const link = answer.locator('.sources a').first();
    expect(await link.getAttribute('href')).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${stack.port}/help/articles/.+`),
    );
    expect(await link.getAttribute('target')).toBe('_blank');
    const article = await fetch((await link.getAttribute('href'))!);
    expect(article.status).toBe(200);
    expect(await article.text()).toContain(await link.textContent());
    expect(await page.getByRole('button', { name: 'That solved it' }).isVisible()).toBe(true);

    const stored = await page.evaluate(() =>
      Object.keys((globalThis as any).localStorage).find((k) => k.startsWith('support-widget:')),
    );
    expect(stored).toContain(user);
    conversationId = JSON.parse(
      (await page.evaluate((k) => (globalThis as any).localStorage.getItem(k!), stored))!,
    ).conversationId;
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('"talk to a person" shows the place in line and the wait, live', async () => {
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    const queue = page.locator('support-widget .queue');
    await queue.waitFor({ timeout: 20_000 });
    expect(await queue.textContent()).toMatch(/You are number \d+ in line\./);
    expect(await queue.textContent()).toMatch(/Estimated wait: (about \d+ min\.|about \d+ hours\.|under a minute\.)/);
    await page.locator('support-widget .note').first().waitFor();
  });

  const agentFlow =
    'an agent claims, types and replies through the API; the customer sees the typing and the reply live, ' +
    'and the agent sees the customer typing';
  it(agentFlow, async () => {
    const claim = await gql(
      stack.port,
      agent,
      `mutation($id: ID!) { claimConversation(conversationId: $id) { status } }`,
      {
        id: conversationId,
      },
    );
    expect(claim.data?.claimConversation.status).toBe('AGENT_ACTIVE');
    await page.locator('support-widget .header p', { hasText: 'Nina Patel' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('support-widget .queue').count()).toBe(0);

    const ws = wsClient(stack.port, agent);
    const customerTyping = subscribe(
      ws,
      `subscription($id: ID!) { typingChanged(conversationId: $id) { authorKind name typing } }`,
      { id: conversationId },
    );
    // Instead of sleeping until the agent's subscription is live (a late one would see fewer signals, and the count
    // below would prove nothing): a typing event from a probe author, sent on the typing channel as an API replica
    // sends one, until the agent hears it. The widget shows only the agent's typing, so the customer sees nothing.
    const PROBE = 'subscription probe';
    const db = await pg();
    try {
      await waitFor(async () => {
        const probe = {
          conversationId,
          authorKind: 'CUSTOMER',
          authorId: PROBE,
          name: PROBE,
          typing: false,
          at: new Date(),
        };
        await db.query('SELECT pg_notify($1, $2)', [TYPING_CHANNEL, JSON.stringify(probe)]);
        return customerTyping.events.some((x) => x.typingChanged.name === PROBE);
      }, 10_000);
    } finally {
      await db.end();
    }
    const typed = () => customerTyping.events.filter((x) => x.typingChanged.name !== PROBE);
    await page.locator('support-widget textarea').pressSequentially('Thanks, I am wait', { delay: 20 });
    await customerTyping.waitFor(() => typed().some((x) => x.typingChanged.authorKind === 'CUSTOMER'), 10_000);
    // Throttled on the client: one signal for the whole burst of keys, not one per key.
    expect(typed().length).toBeLessThanOrEqual(2);

    await gql(stack.port, agent, `mutation($id: ID!) { setTyping(conversationId: $id) }`, { id: conversationId });
    const typing = page.locator('support-widget .typing');
    await typing.waitFor({ timeout: 10_000 });
    expect(await typing.textContent()).toContain('Nina Patel is typing…');

    await gql(stack.port, agent, SEND, {
      input: {
        conversationId,
        body: "Hi Peter, I'm Nina. Let me check the PDF export for you.",
        clientMessageId: cid(),
      },
    });
    const reply = page.locator('support-widget .msg[data-author="AGENT"]');
    await reply.waitFor({ timeout: 10_000 });
    expect(await reply.locator('.author').textContent()).toBe('Nina Patel');
    expect(await reply.locator('.bubble').textContent()).toContain("I'm Nina");
    expect(await typing.count()).toBe(0);
    customerTyping.dispose();
    await ws.dispose();

    await page.screenshot({ path: path.join(DOCS, 'widget.png') });
  });

  it('has no serious or critical accessibility violation with the panel open and messages in it', async () => {
    const violations = await axeViolations(page, 'support-widget');
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`)).toEqual([]);
  });

  it('renews its session silently (getToken again) and keeps receiving live messages over the reconnected socket', async () => {
    await waitFor(() => (tokenCalls.get(user) ?? 0) >= 2, (SESSION_TTL_SECONDS + 10) * 1000);
    // Instead of sleeping while the socket reconnects: the socket the widget opened after the renewal, shown to carry
    // messageAdded by the conversation's first message, re-announced on the events channel (as a worker announces
    // it) until a frame on that socket brings it. The widget already has that message: nothing changes on screen.
    const db = await pg();
    let renewed: WidgetSocket | undefined;
    try {
      const first = await db.query('SELECT id FROM messages WHERE conversation_id = $1 ORDER BY seq LIMIT 1', [
        conversationId,
      ]);
      const firstId: string = first.rows[0].id;
      renewed = await waitFor(async () => {
        await db.query('SELECT pg_notify($1, $2)', [
          EVENTS_CHANNEL,
          encodeEvent({ kind: 'message', conversationId, messageId: firstId }),
        ]);
        return sockets.find((s) => s.openedAfterTokenCalls >= 2 && s.frames.some((f) => f.includes(firstId)));
      }, 15_000);
    } finally {
      await db.end();
    }
    const sent = await gql(stack.port, agent, SEND, {
      input: { conversationId, body: 'Found it: use Share → Export as PDF.', clientMessageId: cid() },
    });
    expect(sent.errors).toBeUndefined();
    await page.locator('support-widget .bubble', { hasText: 'Export as PDF' }).waitFor({ timeout: 10_000 });
    // Live, over the reconnected socket (not back-filled over HTTP).
    expect(renewed.frames.some((f) => f.includes('Export as PDF'))).toBe(true);
  });

  it('Esc closes the panel and gives focus back to the launcher; a reply while closed shows an unread badge', async () => {
    await page.locator('support-widget textarea').focus();
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').isVisible()).toBe(false);
    // Focus returns once the panel has closed (after the next render): wait for it to land on the launcher.
    const focused = await page.waitForFunction(
      () =>
        (globalThis as any).document.querySelector('support-widget')?.shadowRoot?.activeElement?.className ===
          'launcher' || undefined,
      undefined,
      { timeout: 5_000 },
    );
    expect(await focused.jsonValue()).toBe(true);
    const sent = await gql(stack.port, agent, SEND, {
      input: { conversationId, body: 'Anything else I can help with?', clientMessageId: cid() },
    });
    expect(sent.errors).toBeUndefined();
    await page.locator('support-widget .badge', { hasText: '1' }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('button', { name: 'Open support chat (1 unread)' }).isVisible()).toBe(true);
  });

  it('after a reload shows the whole history (and the unread badge) again', async () => {
    await page.reload();
    await page.locator('support-widget .badge', { hasText: '1' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: /Open support chat/ }).click();
    const log = page.locator('support-widget .log');
    await log.locator('.bubble', { hasText: 'Anything else I can help with?' }).waitFor({ timeout: 10_000 });
    const text = await log.textContent();
    for (const part of ['How do I export a dashboard to PDF?', 'AI assistant', "I'm Nina", 'Export as PDF']) {
      expect(text).toContain(part);
    }
    expect(await page.locator('support-widget .badge').count()).toBe(0);
  });

  it('is readable on a phone: the open panel fills the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const box = await page.getByRole('dialog').boundingBox();
    expect([box!.x, box!.y, box!.width, box!.height]).toEqual([0, 0, 390, 844]);
    await page.screenshot({ path: path.join(DOCS, 'widget-phone.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('once the agent resolves the conversation, the customer rates it', async () => {
    await gql(
      stack.port,
      agent,
      `mutation($id: ID!) { resolveConversation(conversationId: $id, resolution: { summary: "PDF export explained" }) { id } }`,
      { id: conversationId },
    );
    await page.getByRole('button', { name: '5 out of 5' }).click();
    await page.locator('support-widget .rating', { hasText: 'Thanks for your feedback!' }).waitFor({ timeout: 10_000 });
    await page.context().close();
  });
});

describe('"that solved it"', () => {
  it('resolves an AI conversation from the widget and asks for a rating', async () => {
    const page = await openHostPage(`user=solver-${randomUUID().slice(0, 8)}&locale=fr`);
    await page.getByRole('button', { name: 'Ouvrir le chat d’assistance' }).click();
    await page.locator('support-widget textarea').fill('How do I export a dashboard to PDF?');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'C’est résolu' }).click({ timeout: 30_000 });
    await page.getByRole('group', { name: /Comment avons-nous fait/ }).waitFor({ timeout: 10_000 });
    await page.context().close();
  });
});

describe('questions sent while the AI is answering', () => {
  it('three questions typed at once before the conversation exists all go into one conversation, in order', async () => {
    const user = `typist-${randomUUID().slice(0, 8)}`;
    const page = await openHostPage(`user=${user}`);
    await page.getByRole('button', { name: 'Open support chat' }).click();
    const input = page.getByPlaceholder('Write a message…');
    const asked = ['How do I export a dashboard to PDF?', 'How do I rotate an API key?', 'How do I upload a CSV file?'];
    for (const q of asked) {
      await input.fill(q);
      await input.press('Enter'); // no wait: the first is still opening the conversation
    }
    const answers = page.locator('support-widget .msg[data-author="AI"]');
    await answers.nth(2).waitFor({ timeout: 30_000 });
    const db = await pg();
    try {
      const { rows } = await db.query(
        `SELECT c.id, m.body FROM conversations c JOIN messages m ON m.conversation_id = c.id
          WHERE c.customer_id LIKE $1 AND m.author_kind = 'CUSTOMER' ORDER BY m.seq`,
        [`%${user}`],
      );
      expect(new Set(rows.map((r) => r.id)).size).toBe(1);
      expect(rows.map((r) => r.body)).toEqual(asked);
    } finally {
      await db.end();
    }
    const mine = await page.locator('support-widget .msg.mine .bubble').allTextContents();
    expect(mine).toEqual(asked);
    await page.context().close();
  });

  it('answers each in order, and an answer that comes after other questions shows the one it answers', async () => {
    const page = await openHostPage(`user=quick-${randomUUID().slice(0, 8)}`);
    await page.getByRole('button', { name: 'Open support chat' }).click();
    const input = page.getByPlaceholder('Write a message…');
    const answers = page.locator('support-widget .msg[data-author="AI"]');
    await input.fill('How do I export a dashboard to PDF?');
    await input.press('Enter');
    await answers.first().waitFor({ timeout: 30_000 });
    // The worker is held (SIGSTOP) while three more questions are sent: the API stores and acknowledges them, and
    // the AI meets all three waiting when it goes on, as it does when a customer types faster than it answers.
    const asked = [
      'How do I invite a new member to my workspace?',
      'How do I rotate an API key?',
      'How do I schedule a report by email?',
    ];
    process.kill(stack.worker.pid, 'SIGSTOP');
    try {
      for (const q of asked) {
        await input.fill(q);
        await input.press('Enter');
      }
      // Acknowledged (no longer shown as sending) while the worker is held.
      const sent = page.locator('support-widget .msg.mine:not(.pending)');
      await waitFor(async () => (await sent.count()) === 4, 10_000);
    } finally {
      process.kill(stack.worker.pid, 'SIGCONT');
    }
    await answers.nth(3).waitFor({ timeout: 30_000 });
    // Each answer is its own, in the order asked; the two that follow other questions say which one they answer.
    const shown = await answers.evaluateAll((els) =>
      els.map((el) => ({
        quote: el.querySelector('.re')?.textContent ?? null,
        answer: el.querySelector('.bubble')?.textContent ?? '',
      })),
    );
    expect(shown.map((a) => a.quote)).toEqual([null, `In reply to: ${asked[0]}`, `In reply to: ${asked[1]}`, null]);
    expect(shown[1].answer).toMatch(/invite/i);
    expect(shown[2].answer).toMatch(/API key/i);
    expect(shown[3].answer).toMatch(/schedul/i);
    await answers.nth(1).evaluate((el) => {
      const log = el.closest('.log')!;
      log.scrollTop += el.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
    });
    await page.screenshot({ path: path.join(DOCS, 'widget-quick-questions.png') });
    await page.context().close();
  });
});

describe('identity', () => {
  it.each([
    ['expired', /your sign-in has expired/],
    ['forged', /could not verify who you are/],
  ])('an %s identity token is refused with a clear message in the widget', async (mode, message) => {
    const page = await openHostPage(`user=${mode}-${randomUUID().slice(0, 8)}&mode=${mode}`);
    await page.getByRole('button', { name: 'Open support chat' }).click();
    const alert = page.locator('support-widget .banner[role="alert"]');
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toMatch(message);
    expect(await page.locator('support-widget textarea').count()).toBe(0);
    await page.context().close();
  });
});

describe('/demo', () => {
  it('embeds the widget with a server-minted identity and lets a newcomer play the agent from the same page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`http://127.0.0.1:${stack.port}/demo`);
    await page.getByRole('button', { name: 'Open support chat' }).click();
    await page.locator('support-widget textarea').fill('How do I export a dashboard to PDF?');
    await page.keyboard.press('Enter');
    await page.locator('support-widget .msg[data-author="AI"] .sources a').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await page.locator('support-widget .queue').waitFor({ timeout: 20_000 });
    await page.locator('#agent-state', { hasText: 'AWAITING_AGENT' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.locator('support-widget .header p', { hasText: 'Nina Patel' }).waitFor({ timeout: 10_000 });
    await page.getByLabel('Reply').fill('Hi Dana, Nina here. Happy to help');
    await page.getByLabel('Reply').pressSequentially('!', { delay: 10 });
    await page.locator('support-widget .typing').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Send as Nina' }).click();
    await page.locator('support-widget .msg[data-author="AGENT"]').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(DOCS, 'widget-demo.png') });
    await context.close();
  });
});

describe('/widget.js', () => {
  it('is served gzipped with a script content type, short caching and an ETag, within 60 KB', async () => {
    const url = `http://127.0.0.1:${stack.port}/widget.js`;
    const res = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=300/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await res.text()).toContain('SupportWidget');
    const etag = res.headers.get('etag')!;
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const gz = statSync(path.resolve(__dirname, '..', 'dist', 'web', 'widget.js.gz')).size;
    process.stdout.write(`widget.js gzipped: ${(gz / 1024).toFixed(1)} KB\n`);
    expect(gz).toBeLessThanOrEqual(60 * 1024);
  });

  it('left no script errors in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
