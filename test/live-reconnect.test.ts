import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { launchChromium } from './support/browser';
import { signInAs, type SignedIn } from './support/console-browser';
import { customerTurn, gql, startStack, token, waitFor } from './support/stack';

/**
 * The open conversation stays current across a dropped live connection, in the console and in the widget, in
 * Chromium against the real API, worker, Temporal and PostgreSQL. After a reconnect each reloads the conversation to
 * back-fill what the gap may have lost; a claim that lands while that reload is in flight must not be replaced on
 * screen by the older state the reload read.
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
async function droppable(context: BrowserContext): Promise<{ drop(): void; opened(): boolean }> {
  const sockets: WebSocketRoute[] = [];
  await context.routeWebSocket(/\/graphql$/, (ws) => {
    ws.connectToServer();
    sockets.push(ws);
  });
  return {
    drop: () => sockets.forEach((s) => s.close({ code: 1012, reason: 'dropped by the test' })),
    opened: () => sockets.length > 0,
  };
}

/**
 * Holds the answer to the page's next `operation` query: it is read from the API at once, and reaches the page only
 * when released. `finished` settles once the page has it.
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
    release: async () => {
      const finished = page.waitForEvent('requestfinished', (r) =>
        (r.postData() ?? '').includes(`query ${operation}(`),
      );
      release();
      await finished;
      // One frame: what the answer changes is drawn.
      await page.evaluate(() => new Promise((r) => (globalThis as any).requestAnimationFrame(() => r(null))));
    },
  };
}

const claimAsSamuel = (id: string) =>
  gql(stack.port, token('agent', 'agt-4'), `mutation($id: ID!) { claimConversation(conversationId: $id) { status } }`, {
    id,
  });
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

describe('a claim while the reload after a reconnect is in flight', () => {
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
    live.drop();
    await reload.read();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('button', { name: 'Resolve' }).waitFor({ timeout: 15_000 });
    expect(await status.textContent()).toBe('With agent');

    await reload.release();
    expect(await status.textContent()).toBe('With agent');
    expect(await page.getByRole('button', { name: 'Resolve' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Claim' }).count()).toBe(0);
    expect(await stateOf(id)).toEqual({ status: 'AGENT_ACTIVE', assignee: { id: 'agt-4' } });
    expect(samuel.errors).toEqual([]);
  });

  it('in the widget: the agent who joined stays; the customer is not put back in line', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const errors: string[] = [];
    try {
      const live = await droppable(context);
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      const started = page.waitForResponse((r) => (r.request().postData() ?? '').includes('mutation WidgetStart('));
      await page.goto(`${base}/demo`);
      await page.getByRole('button', { name: 'Open support chat' }).click();
      await page.locator('support-widget textarea').fill('I would like to talk to a human agent about our invoices.');
      await page.keyboard.press('Enter');
      const id: string = ((await (await started).json()) as any).data.startConversation.id;
      const queue = page.locator('support-widget .queue');
      await queue.waitFor({ timeout: 30_000 });
      await waitFor(() => (live.opened() ? true : undefined), 10_000);

      const backfill = await holdNext(page, 'WidgetConversation');
      live.drop();
      await backfill.read();
      expect((await claimAsSamuel(id)).data?.claimConversation.status).toBe('AGENT_ACTIVE');
      const joined = page.locator('support-widget .header p', { hasText: 'Samuel Owusu' });
      await joined.waitFor({ timeout: 15_000 });
      expect(await queue.count()).toBe(0);

      await backfill.release();
      expect(await joined.isVisible()).toBe(true);
      expect(await queue.count()).toBe(0);
      expect(await stateOf(id)).toEqual({ status: 'AGENT_ACTIVE', assignee: { id: 'agt-4' } });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
