import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { launchChromium } from './support/browser';
import { signInAs, type SignedIn } from './support/console-browser';
import { customerTurn, gql, startStack, token, waitFor } from './support/stack';

/**
 * The open conversation stays current across a dropped live connection, in the console and in the widget, in
 * Chromium against the real API, worker, Temporal and PostgreSQL. After a reconnect each reloads the conversation to
 * back-fill what the gap may have lost; a change that lands while that reload is in flight (an agent's claim, a
 * customer's request for a person) must not be replaced on screen by the older state the reload read.
 */
let stack: Awaited<ReturnType<typeof startStack>>;
let browser: Browser;
let base: string;
let samuel: SignedIn;

beforeAll(async () => {
  stack = await startStack('live-reconnect', { WIDGET_IDENTITY_SECRET: 'live-reconnect-test-secret-0123456' });
  base = `http://127.0.0.1:${stack.port}`;
  browser = await launchChromium();
  samuel = await signInAs(browser, base, /Samuel Owusu/);
}, 600_000);
afterAll(async () => {
  await samuel?.context.close();
  await browser?.close();
  await stack?.stop();
});

/** From here on the context's live connections go through the test, which can drop them. */
interface Droppable {
  drop(): Promise<void>;
  opened(): boolean;
}
async function droppable(context: BrowserContext): Promise<Droppable> {
  const sockets: WebSocketRoute[] = [];
  await context.routeWebSocket(/\/graphql$/, (ws) => {
    ws.connectToServer();
    sockets.push(ws);
  });
  return {
    drop: async () => {
      await Promise.all(sockets.map((s) => s.close({ code: 1012, reason: 'dropped by the test' })));
    },
    opened: () => sockets.length > 0,
  };
}

/**
 * Holds the answer to the page's next `operation` query: it is read from the API at once (`read` waits for that) and
 * reaches the page only when released.
 */
async function holdNext(page: Page, operation: string) {
  let read = false;
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  let held = false;
  await page.route('**/graphql', async (route) => {
    if (held || !(route.request().postData() ?? '').includes(`query ${operation}(`)) return route.fallback();
    held = true;
    const response = await route.fetch();
    read = true;
    await released;
    await route.fulfill({ response });
  });
  return {
    read: () => waitFor(() => (read ? true : undefined), 20_000),
    /** Lets the held answer through; `then` (if given) is what the page asks for once it has handled it. */
    release: async (then?: string) => {
      const next = then && page.waitForRequest((r) => (r.postData() ?? '').includes(then));
      const finished = page.waitForEvent('requestfinished', (r) =>
        (r.postData() ?? '').includes(`query ${operation}(`),
      );
      release();
      await finished;
      if (next) await next;
      await page.unroute('**/graphql');
    },
  };
}

const stateOf = async (id: string) =>
  (
    await gql(
      stack.port,
      token('admin', 'admin-1'),
      `query($id: ID!) { conversation(id: $id) { status assignee { id } } }`,
      {
        id,
      },
    )
  ).data!.conversation;

/**
 * The /demo page in a fresh browser context whose live connection the test can drop: the chat opened, a how-to
 * question asked and answered by the AI. The page must end with no script error.
 */
async function onDemo(run: (w: { page: Page; live: Droppable; id: string }) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const errors: string[] = [];
  try {
    const live = await droppable(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    const started = page.waitForResponse((r) => (r.request().postData() ?? '').includes('mutation WidgetStart('));
    await page.goto(`${base}/demo`);
    await page.getByRole('button', { name: 'Open support chat' }).click();
    await page.locator('support-widget textarea').fill('How do I export a dashboard to PDF?');
    await page.keyboard.press('Enter');
    const id: string = ((await (await started).json()) as any).data.startConversation.id;
    await page.locator('support-widget .msg[data-author="AI"]').first().waitFor({ timeout: 30_000 });
    await waitFor(() => (live.opened() ? true : undefined), 10_000);
    await run({ page, live, id });
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
}

describe('a change while the reload after a reconnect is in flight', () => {
  it('in the console: the claim stays on screen, not the waiting state the reload read', async () => {
    const { id } = await customerTurn(
      stack.port,
      token('customer', 'cus-14'),
      null,
      'I would like to talk to a human agent about our seats, please.',
    );
    const page = samuel.page;
    const live = await droppable(samuel.context);
    await page.goto(`${base}/console/conversations/${id}`);
    const status = page.getByTestId('conversation-status');
    await waitFor(async () => ((await status.textContent()) === 'Waiting' ? true : undefined), 20_000);
    await waitFor(() => (live.opened() ? true : undefined), 10_000);

    const reload = await holdNext(page, 'ConsoleConversation');
    await live.drop();
    await reload.read();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('button', { name: 'Resolve' }).waitFor({ timeout: 15_000 });
    expect(await status.textContent()).toBe('With agent');

    // The pane asks for the notes once it has handled the conversation's answer.
    await reload.release('query ConsoleConversationExtras(');
    expect(await status.textContent()).toBe('With agent');
    expect(await page.getByRole('button', { name: 'Resolve' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Claim' }).count()).toBe(0);
    expect(await stateOf(id)).toEqual({ status: 'AGENT_ACTIVE', assignee: { id: 'agt-4' } });
    expect(samuel.errors).toEqual([]);
  });

  it('in the widget: the customer who asked for a person while the back-fill was in flight stays in line', () =>
    onDemo(async ({ page, live, id }) => {
      // The back-fill after the reconnect reads the conversation while the AI still has it.
      const backfill = await holdNext(page, 'WidgetConversation');
      await live.drop();
      await backfill.read();
      await page.getByRole('button', { name: 'Talk to a person' }).click();
      const queue = page.locator('support-widget .queue');
      await queue.waitFor({ timeout: 20_000 });

      // From here on, the page notes whether the place in line is ever gone from the panel, even for a moment.
      await page.evaluate(() => {
        const root = (globalThis as any).document.querySelector('support-widget').shadowRoot;
        const w = globalThis as any;
        w.queueGone = false;
        new w.MutationObserver(() => {
          if (!root.querySelector('.queue')) w.queueGone = true;
        }).observe(root, { childList: true, subtree: true });
      });
      await backfill.release();
      // Given the time to draw what it would change (a live event would put it back soon after: not good enough).
      await new Promise((r) => setTimeout(r, 500));
      expect(await page.evaluate(() => (globalThis as any).queueGone)).toBe(false);
      expect(await queue.isVisible()).toBe(true);
      expect(await queue.textContent()).toMatch(/You are number \d+ in line\./);
      expect((await stateOf(id)).status).toBe('AWAITING_AGENT');
    }));

  it('in the widget: a back-fill of the conversation the customer has just left for a new one does not bring it back', () =>
    onDemo(async ({ page, live }) => {
      await page.getByRole('button', { name: 'That solved it' }).click();
      const fresh = page.getByRole('button', { name: 'New conversation' });
      await fresh.waitFor({ timeout: 10_000 });

      const backfill = await holdNext(page, 'WidgetConversation');
      await live.drop();
      await backfill.read();
      await fresh.click();
      // Every message of a conversation (the greeting above them is neither the customer's nor has an author).
      const messages = page.locator('support-widget .msg.mine, support-widget .msg[data-author]');
      await waitFor(async () => ((await messages.count()) === 0 ? true : undefined), 10_000);

      await backfill.release();
      await new Promise((r) => setTimeout(r, 500));
      // The new conversation's empty panel: the old one's messages and its resolved state do not come back.
      expect(await messages.count()).toBe(0);
      expect(await page.getByText('This conversation is resolved.').count()).toBe(0);
      await page.locator('support-widget textarea').fill('And how do I schedule one?');
      await page.keyboard.press('Enter');
      await page.locator('support-widget .msg[data-author="AI"]').first().waitFor({ timeout: 30_000 });
      expect(await page.locator('support-widget .msg.mine').allTextContents()).toEqual([
        expect.stringContaining('And how do I schedule one?'),
      ]);
    }));
});
