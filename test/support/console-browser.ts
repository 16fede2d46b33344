import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations } from './browser';

/** Where the README's screenshots live; the console's browser tests rewrite them. */
export const DOCS = path.resolve(__dirname, '..', '..', 'docs');

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/**
 * A console session in its own browser context through the development sign-in, landed once `ready` shows (the
 * inbox's queue for agents, the numbers for an admin). Page errors are collected for the test to check.
 */
export async function signInAs(
  browser: Browser,
  base: string,
  name: RegExp,
  ready: { role: 'heading'; name: string } = { role: 'heading', name: 'Queue' },
): Promise<SignedIn> {
  mkdirSync(DOCS, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/console/`);
  await page.getByRole('button', { name }).click();
  await page.getByRole(ready.role, { name: ready.name, level: 1 }).waitFor({ timeout: 20_000 });
  return { context, page, errors };
}

/** axe-core's serious and critical findings on the page, as readable lines (empty: none). */
export async function seriousOrCritical(page: Page): Promise<string[]> {
  return (await axeViolations(page, 'body'))
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}
