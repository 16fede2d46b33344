import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser';
import { DOCS, seriousOrCritical, signInAs, type SignedIn } from './support/console-browser';
import { agentResolves, customerTurn, gql, pg, startStack, suggestionFrom, token, waitFor } from './support/stack';

/**
 * Knowledge in the console, in Chromium against the real API, worker and Temporal: a lead reviews a suggestion the
 * learning loop drafted from an agent's answer, edits it and approves it, and the AI then answers the next customer
 * from it; the knowledge base itself is searched, edited as a new version, archived and imported into.
 */
let stack: Awaited<ReturnType<typeof startStack>>;
let browser: Browser;
let base: string;
let lead: SignedIn;
// Starts with a letter: an all-digit tag (1 run in 16) reads as a record id, which drafts rightly scrub to [id].
const tag = `k${randomUUID().slice(0, 6)}`;

beforeAll(async () => {
  stack = await startStack('console-knowledge');
  base = `http://127.0.0.1:${stack.port}`;
  browser = await launchChromium();
  lead = await signInAs(browser, base, /Hannah Schmidt/);
}, 600_000);
afterAll(async () => {
  // Other test files share this database and expect the seeded knowledge base: remove what these tests added.
  const db = await pg();
  try {
    const mine = `%${tag}%`;
    await db.query(`UPDATE knowledge_suggestions SET article_id = NULL WHERE article_id LIKE $1`, [mine]);
    await db.query(`UPDATE knowledge_suggestions SET target_article_id = NULL WHERE target_article_id LIKE $1`, [mine]);
    await db.query(`DELETE FROM kb_articles WHERE id LIKE $1`, [mine]);
  } finally {
    await db.end();
  }
  await lead?.context.close();
  await browser?.close();
  await stack?.stop();
});

describe('knowledge in the console', () => {
  it('a lead approves a suggestion with an edit, and the AI then answers the next customer from it', async () => {
    const question = `How do I switch on the Quasar overlay for heatmap tiles (${tag})?`;
    const answer =
      'Open the heatmap tile, choose Display, then Quasar overlay, and switch on Contour bands. ' +
      'The overlay renders on the next refresh of the dashboard.';
    const { id: source, conversation } = await customerTurn(stack.port, token('customer', 'cus-10'), null, question);
    expect(conversation.escalation.reason).toBe('LOW_CONFIDENCE');
    await agentResolves(stack.port, token('agent', 'agt-2'), source, answer, { summary: 'answered', kbWorthy: true });
    const s = await suggestionFrom(stack.port, token('agent', 'agt-7'), source);

    const { page } = lead;
    await page.getByRole('link', { name: 'Knowledge' }).click();
    await page.getByRole('link', { name: new RegExp(`Quasar overlay.*${tag}`) }).click();
    await page.getByText(/With this draft the AI would have answered/).waitFor();
    const edit = `Quasar overlays need the Pro plan or above (${tag}).`;
    const body = page.getByLabel('Body');
    await body.fill(`${await body.inputValue()}\n\n${edit}`);
    await page.getByLabel('Title').fill(`Quasar overlay on heatmap tiles ${tag}`);
    expect(await seriousOrCritical(page)).toEqual([]);
    await page.getByRole('button', { name: 'Approve with edits' }).click();
    await page.getByText(/Published as “Quasar overlay on heatmap tiles/).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(DOCS, 'console-knowledge.png') });

    const approved = await gql(
      stack.port,
      token('agent', 'agt-7'),
      `query($id: ID!) { knowledgeSuggestion(id: $id) { status articleId } }`,
      { id: s.id },
    );
    const articleId = approved.data!.knowledgeSuggestion.articleId as string;
    expect(approved.data!.knowledgeSuggestion.status).toBe('APPROVED');

    // The next customer asks in other words: the AI answers from the reviewed article, with the lead's edit in it.
    const next = await customerTurn(
      stack.port,
      token('customer', 'cus-11'),
      null,
      `Where is the Quasar overlay setting for a heatmap?`,
    );
    expect(next.reply.authorKind).toBe('AI');
    expect(next.reply.ai.sources[0].id).toBe(articleId);
    const article = await gql(
      stack.port,
      token('agent', 'agt-2'),
      `query($id: ID!) { kbArticle(id: $id) { body version } }`,
      {
        id: articleId,
      },
    );
    expect(article.data!.kbArticle.body).toContain(edit);
    expect(lead.errors).toEqual([]);
  });

  it('the knowledge base: search, edit as a new version, archive (the AI stops citing it), import Markdown', async () => {
    const { page } = lead;
    await page.getByRole('link', { name: 'Articles' }).click();
    const md = [
      `# Rename a Zephyr workspace ${tag}`,
      'Tags: zephyr, workspace',
      'Routes: /settings/workspace',
      '',
      `Open Settings, Workspace, and type the new Zephyr workspace name in the Name field (${tag}). Press Save.`,
    ].join('\n');
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import articles' });
    await dialog.getByLabel('Or paste it').fill(md);
    await dialog.getByRole('button', { name: 'Import' }).click();
    await dialog.getByText(/Imported: 1 new, 0 updated/).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();

    await page.getByLabel('Search articles').fill(`zephyr ${tag}`);
    await page.getByRole('link', { name: new RegExp(`Rename a Zephyr workspace ${tag}`) }).click();
    await page.getByText('version 1', { exact: false }).first().waitFor();
    const ask = async () =>
      (
        await customerTurn(
          stack.port,
          token('customer', 'cus-12'),
          null,
          `How can I rename my Zephyr workspace ${tag}?`,
        )
      ).reply;
    const id = `kb-rename-a-zephyr-workspace-${tag}`;
    // The AI's index rechecks the knowledge base at most every two seconds: the imported article is cited from then on.
    const first = await waitFor(async () => {
      const r = await ask();
      return r.ai?.sources?.[0]?.id === id ? r : undefined;
    }, 15_000);
    expect(first.ai?.sources?.[0]?.id).toBe(id);

    await page
      .getByLabel('Body (Markdown)')
      .fill(`Open Settings, Workspace, edit the Zephyr workspace name (${tag}), then Save. Admins only.`);
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByText(/Saved as version 2/).waitFor();
    await page.getByText(/^v2 ·/).waitFor(); // the version history's entry (the list's row says '… · v2 · …' too)
    expect(await seriousOrCritical(page)).toEqual([]);
    await page.screenshot({ path: path.join(DOCS, 'console-articles.png') });

    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByText(/Archived: the AI no longer uses it/).waitFor();
    // Within the index's two-second recheck, the AI stops citing the archived article.
    await new Promise((r) => setTimeout(r, 2500));
    const after = await ask();
    expect((after.ai?.sources ?? []).map((x: { id: string }) => x.id)).not.toContain(id);
    expect(lead.errors).toEqual([]);
  });
});
