import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser';
import { DOCS, seriousOrCritical, signInAs } from './support/console-browser';
import { customerTurn, errorCode, gql, startStack, token, waitFor } from './support/stack';

/**
 * An agent's suggested reply over the real API, worker, Temporal and PostgreSQL with the local answerer: the draft
 * greets the customer by name, answers the question they escalated with from the knowledge base, and links the
 * article it rests on; it is only a draft (nothing reaches the customer), and customers cannot ask for one. In the
 * console (Chromium), "Suggest reply" fills the composer with the draft for the agent to edit and send.
 */
type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let browser: Browser | undefined;

beforeAll(async () => {
  stack = await startStack('suggest-reply');
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const SUGGEST = `mutation($c: ID!) { suggestReply(conversationId: $c) { draft by confidence question sources { id title url } } }`;
const MESSAGES = `query($id: ID!) { conversation(id: $id) { status messages(first: 50) { edges { node { authorKind body } } } } }`;

describe('suggestReply', () => {
  let conversationId: string;

  beforeAll(async () => {
    const customer = token('customer', 'cus-12');
    const page = { route: '/dashboards/42', title: 'Dashboards' };
    const first = await customerTurn(stack.port, customer, null, 'How do I export a dashboard to PDF?', page);
    conversationId = first.id;
    await customerTurn(stack.port, customer, conversationId, 'That did not help, I want to talk to a person please.');
    await waitFor(async () => {
      const r = await gql(
        stack.port,
        token('admin', 'admin-1'),
        `query($id: ID!) { conversation(id: $id) { status } }`,
        {
          id: conversationId,
        },
      );
      return r.data?.conversation?.status === 'AWAITING_AGENT' ? true : undefined;
    }, 40_000);
  });

  it('drafts a reply to the customer from the KB article that answers their question, greeting them by name', async () => {
    const before = await gql(stack.port, token('admin', 'admin-1'), MESSAGES, { id: conversationId });
    const r = await gql(stack.port, token('agent', 'agt-1'), SUGGEST, { c: conversationId });
    expect(r.errors).toBeUndefined();
    const s = r.data!.suggestReply;
    expect(s.by).toBe('local');
    expect(s.question).toBe('That did not help, I want to talk to a person please.');
    expect(s.sources[0]).toMatchObject({ id: 'kb-024', title: 'Exporting dashboards and charts' });
    expect(s.sources[0].url).toBe(`http://127.0.0.1:${stack.port}/help/articles/kb-024`);
    expect(s.draft).toMatch(/^Hi Oliver,\n\n/);
    expect(s.draft).toMatch(/PDF/);
    expect(s.draft).toContain(`- Exporting dashboards and charts: ${s.sources[0].url}`);
    expect(s.draft).toMatch(/\n\nBest,\nNina Patel$/);
    // The link opens the public article page the widget's source links use.
    const article = await fetch(s.sources[0].url);
    expect(article.status).toBe(200);
    expect(await article.text()).toContain('Exporting dashboards and charts');
    // Only a draft: nothing was added to the conversation.
    const after = await gql(stack.port, token('admin', 'admin-1'), MESSAGES, { id: conversationId });
    expect(after.data!.conversation.messages.edges).toHaveLength(before.data!.conversation.messages.edges.length);
    expect(after.data!.conversation.status).toBe('AWAITING_AGENT');
  });

  it('is for staff only: customers are refused, even on their own conversation; unknown ids are NOT_FOUND', async () => {
    expect(errorCode(await gql(stack.port, token('customer', 'cus-12'), SUGGEST, { c: conversationId }))).toBe(
      'FORBIDDEN',
    );
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(errorCode(await gql(stack.port, token('agent', 'agt-1'), SUGGEST, { c: missing }))).toBe('NOT_FOUND');
  });

  it('fills the console composer with the draft when the agent clicks "Suggest reply"; the agent edits and sends it', async () => {
    const claim = `mutation($id: ID!) { claimConversation(conversationId: $id) { id } }`;
    expect((await gql(stack.port, token('agent', 'agt-1'), claim, { id: conversationId })).errors).toBeUndefined();
    browser = await launchChromium();
    const base = `http://127.0.0.1:${stack.port}`;
    const nina = await signInAs(browser, base, /Nina Patel/);
    const { page } = nina;
    await page.goto(`${base}/console/conversations/${conversationId}`);
    const composer = page.getByRole('textbox', { name: 'Reply to the customer' });
    await composer.waitFor({ timeout: 20_000 });
    expect(await composer.inputValue()).toBe('');
    await page.getByRole('button', { name: 'Suggest reply' }).click();
    await waitFor(async () => ((await composer.inputValue()).startsWith('Hi Oliver,') ? true : undefined), 15_000);
    const draft = await composer.inputValue();
    expect(draft).toContain(`- Exporting dashboards and charts: ${base}/help/articles/kb-024`);
    expect(draft).toMatch(/Best,\nNina Patel$/);
    await page.screenshot({ path: path.join(DOCS, 'console-suggest-reply.png') });
    expect(await seriousOrCritical(page)).toEqual([]);
    // Nothing went to the customer yet; the agent's edit is what is sent.
    const edited = draft.replace('Hi Oliver,', 'Hi Oliver, thanks for waiting.');
    await composer.fill(edited);
    await page.getByRole('button', { name: 'Send reply' }).click();
    const sent = await waitFor(async () => {
      const r = await gql(stack.port, token('admin', 'admin-1'), MESSAGES, { id: conversationId });
      const agentMessages = r.data!.conversation.messages.edges.filter((e: any) => e.node.authorKind === 'AGENT');
      return agentMessages.length ? agentMessages.map((e: any) => e.node.body as string) : undefined;
    }, 15_000);
    expect(sent).toEqual([edited]);
    expect(nina.errors).toEqual([]);
  });
});
