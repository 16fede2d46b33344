import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { cid, gql, SEND, START, startProcess, startStack, token, waitFor } from './support/stack';

/**
 * GraphiQL at /graphiql in development (our own bundle, same origin, the API's strict CSP): a developer puts a
 * bearer token in the headers editor, runs a query and follows a subscription over graphql-ws. Production has none.
 */
const DOCS = path.resolve(__dirname, '..', 'docs');

let stack: Awaited<ReturnType<typeof startStack>>;
let browser: Browser;
let base: string;

beforeAll(async () => {
  stack = await startStack('graphiql');
  base = `http://127.0.0.1:${stack.port}`;
  browser = await launchChromium();
  mkdirSync(DOCS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

it('serves GraphiQL in development, from our own assets, and nothing at /graphiql in production', async () => {
  const res = await fetch(`${base}/graphiql`);
  expect(res.status).toBe(200);
  const html = await res.text();
  const script = /src="(\/graphiql\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeDefined();
  expect(html).not.toMatch(/https?:\/\//); // no CDN
  expect((await fetch(`${base}${script}`)).status).toBe(200);

  const prod = await startProcess('api', { NODE_ENV: 'production' });
  try {
    expect((await fetch(`http://127.0.0.1:${prod.port}/graphiql`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${prod.port}${script}`)).status).toBe(404);
  } finally {
    await prod.stop();
  }
});

/** Sets a GraphiQL editor's text through CodeMirror itself, as typing would (without its auto-closed brackets). */
async function setEditor(page: Page, selector: string, text: string): Promise<void> {
  const editor = page.locator(`${selector} .CodeMirror`).filter({ visible: true }).first();
  await editor.waitFor();
  await editor.evaluate(
    (el, value) => (el as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue(value),
    text,
  );
  // GraphiQL parses the document on a short debounce after a change, as after a person's typing.
  await page.waitForTimeout(500);
}

let lastResponse = '';
const responseText = async (page: Page) => (lastResponse = await page.locator('.graphiql-response').innerText());
const shown = () => `the response pane shows: ${lastResponse}\napi: ${stack.api.output().slice(-3000)}`;

it('runs a query with the bearer token from the headers editor, and follows a subscription live', async () => {
  const customerId = 'cus-08'; // seeded
  const customer = token('customer', customerId);
  const started = await gql(stack.port, customer, START, {
    input: { body: 'Where is my invoice?', clientMessageId: cid() },
  });
  expect(started.errors).toBeUndefined();
  const conversationId = started.data!.startConversation.id as string;

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && !/favicon/.test(m.location().url) && pageErrors.push(m.text()));
  await page.goto(`${base}/graphiql`);

  await page.getByRole('button', { name: 'Headers' }).click();
  await setEditor(page, '.graphiql-editor-tool', JSON.stringify({ Authorization: `Bearer ${customer}` }));
  await setEditor(page, '.graphiql-query-editor', '{ me { id role } }');
  await page.locator('.graphiql-execute-button').click();
  await waitFor(async () => (await responseText(page)).includes(customerId), 20_000, shown);
  expect(await responseText(page)).toContain('"role": "CUSTOMER"');

  // The contract documents itself: the Docs pane shows the descriptions from the schema.
  await page.getByRole('button', { name: /Documentation Explorer/ }).click();
  await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).click();
  await page.locator('.graphiql-doc-explorer').getByText('Who the bearer token says the caller is').waitFor();

  // From seq 0: what is stored arrives first (so the pane shows the socket is subscribed), then what is sent live.
  const subscription = `subscription { messageAdded(conversationId: "${conversationId}", afterSeq: 0) { seq authorKind body } }`;
  await setEditor(page, '.graphiql-query-editor', subscription);
  await page.locator('.graphiql-execute-button').click();
  await waitFor(async () => (await responseText(page)).includes('"authorKind"'), 20_000, shown);
  const body = `Still waiting ${Date.now()}`;
  const sent = await gql(stack.port, customer, SEND, { input: { conversationId, body, clientMessageId: cid() } });
  expect(sent.errors).toBeUndefined();
  // The customer's message, or the AI's answer to it right after: either is live, and the pane keeps the last.
  const seq = sent.data!.sendMessage.seq as number;
  await waitFor(
    async () => {
      const m = /"seq": (\d+)/.exec(await responseText(page));
      return m && Number(m[1]) >= seq ? true : undefined;
    },
    20_000,
    shown,
  );
  expect(await responseText(page)).toMatch(/"authorKind": "(CUSTOMER|AI)"/);
  await page.screenshot({ path: path.join(DOCS, 'graphiql-subscription.png') });
  expect(pageErrors).toEqual([]);
  await context.close();
});
