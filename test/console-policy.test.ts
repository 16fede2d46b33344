import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser';
import { DOCS, seriousOrCritical, signInAs, type SignedIn } from './support/console-browser';
import { customerTurn, gql, pg, startStack, token } from './support/stack';

/**
 * The policy and numbers screens in Chromium, against the real API, worker and Temporal: an admin edits the policy,
 * sees a bad document refused inline (a syntax error, then a value the domain's validation refuses), backtests a
 * good one, reads the report and its load chart, and publishes it. The numbers screen draws its charts.
 */
let stack: Awaited<ReturnType<typeof startStack>>;
let browser: Browser;
let base: string;
let admin: SignedIn;
let original: unknown;
const tag = randomUUID().slice(0, 6);
const customerId = `cus-policy-${tag}`;
const POLICY = `{ escalationPolicy { version document } }`;
const adminToken = token('admin', 'admin-1');

beforeAll(async () => {
  stack = await startStack('console-policy');
  base = `http://127.0.0.1:${stack.port}`;
  const db = await pg();
  try {
    await db.query(`INSERT INTO customers (id, name, email, tier) VALUES ($1, $2, $3, 'ENTERPRISE')`, [
      customerId,
      `Petra Policy ${tag}`,
      `petra.${tag}@policy-test.example`,
    ]);
  } finally {
    await db.end();
  }
  original = (await gql(stack.port, adminToken, POLICY)).data!.escalationPolicy.document;
  browser = await launchChromium();
  admin = await signInAs(browser, base, /Ada Okafor/, { role: 'heading', name: 'Numbers' });
}, 600_000);
afterAll(async () => {
  // Other test files share this database: put the policy back as it was (as a new version).
  if (original)
    await gql(stack.port, adminToken, `mutation($d: JSON!) { updateEscalationPolicy(document: $d) { version } }`, {
      d: original,
    });
  await admin?.context.close();
  await browser?.close();
  await stack?.stop();
});

describe('the policy screen', () => {
  it('an admin sees a bad document refused inline, backtests a good one, reads its report and chart, and publishes it', async () => {
    // An AI-answered conversation in the window: a stricter Enterprise threshold would have sent it to a person.
    const answered = await customerTurn(
      stack.port,
      token('customer', customerId),
      null,
      'How do I export a dashboard to PDF?',
    );
    expect(answered.reply.authorKind).toBe('AI');
    const before = (await gql(stack.port, adminToken, POLICY)).data!.escalationPolicy;

    const { page } = admin;
    await page.getByRole('link', { name: 'Policy' }).click();
    const doc = page.getByLabel('Policy document (JSON)');
    await doc.waitFor();
    const text = await doc.inputValue();
    const good = JSON.parse(text);

    await doc.fill(text.replace(/("confidenceThreshold"\s*:\s*\{)/, '$1 "PRO": ,'));
    const problems = page.getByTestId('policy-problems');
    await problems.getByText(/Not valid JSON/).waitFor();

    const bad = {
      ...good,
      confidenceThreshold: { ...good.confidenceThreshold, PRO: 2 },
      tiers: ['FREE', 'PRO', 'GOLD'],
    };
    await doc.fill(JSON.stringify(bad, null, 2));
    await problems.getByText('must be between 0 and 1').waitFor();
    await problems.getByText(/names an unknown tier "GOLD"/).waitFor();
    expect(await problems.getByText('confidenceThreshold.PRO').count()).toBe(1);
    expect(await doc.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: /^Publish as version/ }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Run backtest' }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(DOCS, 'console-policy-invalid.png') });

    const candidate = { ...good, confidenceThreshold: { FREE: 0.99, PRO: 0.99, ENTERPRISE: 0.99 } };
    await doc.fill(JSON.stringify(candidate, null, 2));
    await page.getByText('The document is valid.').waitFor();
    // Not before a backtest of this very document.
    expect(await page.getByRole('button', { name: /^Publish as version/ }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Run backtest' }).click();
    const report = page.getByTestId('backtest-report');
    await report.waitFor({ timeout: 60_000 });
    expect(Number(await report.getByTestId('bt-added').textContent())).toBeGreaterThanOrEqual(1);
    // The report lists 50 changed conversations at a time (oldest first); on a database other tests share, Petra's
    // may be on a later page, reached the way an admin would.
    const petra = report.getByRole('button', { name: `Petra Policy ${tag}` });
    const loadMore = report.getByRole('button', { name: 'Load more' });
    const total = Number(
      (await report.getByRole('heading', { name: /Conversations that change/ }).textContent())!.match(/\((\d+)\)/)![1],
    );
    expect(await loadMore.isVisible()).toBe(total > 50);
    while (!(await petra.isVisible()) && (await loadMore.isVisible())) {
      const shown = await report.locator('ul.changes > li').count();
      await loadMore.click();
      await report.locator('ul.changes > li').nth(shown).waitFor(); // the next page arrived
    }
    await petra.waitFor();
    const byTrigger = report.getByRole('table', { name: 'Escalations by trigger' });
    expect(await byTrigger.getByRole('columnheader').allTextContents()).toEqual(['Trigger', 'Before', 'After']);
    expect(await byTrigger.getByRole('rowheader').count()).toBeGreaterThan(0);
    const chart = report.getByTestId('load-chart').getByRole('img', { name: /ENTERPRISE escalations by hour/ });
    expect(await chart.getAttribute('aria-label')).toMatch(/\d+ before, \d+ after/);
    expect(await chart.locator('rect').count()).toBeGreaterThan(0);
    expect(await seriousOrCritical(page)).toEqual([]);
    await page.screenshot({ path: path.join(DOCS, 'console-policy.png'), fullPage: false });

    await page.getByRole('button', { name: `Publish as version ${before.version + 1}` }).click();
    await page.getByText(`Published version ${before.version + 1}.`).waitFor();
    const after = (await gql(stack.port, adminToken, POLICY)).data!.escalationPolicy;
    expect(after.version).toBe(before.version + 1);
    expect(after.document.confidenceThreshold).toEqual({ FREE: 0.99, PRO: 0.99, ENTERPRISE: 0.99 });
    expect(admin.errors).toEqual([]);
  });
});

describe('the numbers screen', () => {
  it('draws the metrics and insights as charts, with no serious accessibility problem', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Numbers' }).click();
    await page.getByRole('heading', { name: 'Numbers', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Escalation rate by trigger' }).waitFor();
    const rate = page.getByTestId('ai-rate');
    expect(await rate.textContent()).toMatch(/^\d+%$/);
    const metrics = (
      await gql(
        stack.port,
        adminToken,
        `query($f: DateTime!, $t: DateTime!) { supportMetrics(from: $f, to: $t) { conversations } }`,
        {
          f: new Date(Date.now() - 30 * 86_400_000).toISOString(),
          t: new Date(Date.now() + 60_000).toISOString(),
        },
      )
    ).data!.supportMetrics;
    expect(metrics.conversations).toBeGreaterThan(0);
    await page.getByRole('img', { name: /^Conversations by outcome: AI alone \d+/ }).waitFor();
    await page.getByRole('heading', { name: 'Knowledge gaps' }).waitFor();
    // Each gap's question whole, as the API groups it (a bar's label would cut it after 19 characters).
    const gaps = page.getByRole('table', { name: 'Questions without an article, and how often they were asked' });
    expect(await gaps.getByRole('columnheader').allTextContents()).toEqual(['Question', 'Asked']);
    const shown = await gaps.getByRole('rowheader').allTextContents();
    const window = { f: new Date(Date.now() - 30 * 86_400_000).toISOString(), t: new Date().toISOString() };
    const { kbGaps } = (
      await gql(
        stack.port,
        adminToken,
        `query($f: DateTime!, $t: DateTime!) { insights(from: $f, to: $t, top: 8) { kbGaps { label } } }`,
        window,
      )
    ).data!.insights;
    // Both read the same window up to a few seconds apart: the screen's gaps are among the API's (or both empty).
    expect(shown.every((q) => kbGaps.some((g: { label: string }) => g.label === q))).toBe(true);
    expect(shown.length > 0).toBe(kbGaps.length > 0);
    const routes = page.getByRole('table', { name: 'Conversations by page and how many reached a person' });
    expect(await routes.getByRole('columnheader').allTextContents()).toEqual(['Page', 'Conversations', 'Escalated']);
    expect(await seriousOrCritical(page)).toEqual([]);
    await page.screenshot({ path: path.join(DOCS, 'console-numbers.png') });
    expect(admin.errors).toEqual([]);
  });
});
