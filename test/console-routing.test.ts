import path from 'node:path';
import type { Client as PgClient } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { DOCS, seriousOrCritical, signInAs, type SignedIn } from './support/console-browser';
import { parkOthersWaiting, restoreAgents, saveAgents, type SavedAgent } from './support/routing';
import { customerTurn, gql, pg, startStack, staffToken, token, waitFor } from './support/stack';

/**
 * Routing as agents see it in the console, in Chromium against the real API, worker, Temporal and PostgreSQL: two
 * Tier 1 agents online, Nina at her capacity and Grace free. A customer asks for a person: Grace is notified and may
 * claim it; Nina is not notified, her queue says she is at capacity, and a claim of hers is refused in words. With the
 * policy's auto-assignment on, the next one becomes Grace's without her claiming it, live in her "Assigned to me".
 */
let stack: Awaited<ReturnType<typeof startStack>>;
let browser: Browser;
let base: string;
let db: PgClient;
let agents: SavedAgent[] | undefined;
let original: unknown;
let unpark: (() => Promise<void>) | undefined;
let nina: SignedIn;
let grace: SignedIn;

const POLICY = `{ escalationPolicy { version document } }`;
const UPDATE_POLICY = `mutation($d: JSON!) { updateEscalationPolicy(document: $d) { version } }`;
const UPDATE_AGENT = `mutation($id: ID!, $p: AgentProfileInput!) { updateAgent(agentId: $id, profile: $p) { capacity } }`;
const CLAIM = `mutation($id: ID!) { claimConversation(conversationId: $id) { id } }`;
const HUMAN = 'I would like to talk to a human agent, please.';

beforeAll(async () => {
  stack = await startStack('console-routing');
  base = `http://127.0.0.1:${stack.port}`;
  db = await pg();
  agents = await saveAgents(db);
  original = (await gql(stack.port, staffToken(), POLICY)).data!.escalationPolicy.document;
  unpark = await parkOthersWaiting(db);
  // Only the two agents of the test may be offered anything: everyone else is offline.
  await db.query(`UPDATE agents SET status = 'OFFLINE'`);
  browser = await launchChromium();
  [nina, grace] = await Promise.all([signInAs(browser, base, /Nina Patel/), signInAs(browser, base, /Grace Liu/)]);
}, 600_000);
afterAll(async () => {
  // The database is shared with the other test files of this jest worker: leave the policy and agents as they were.
  if (original) await gql(stack.port, staffToken(), UPDATE_POLICY, { d: original });
  if (db) {
    await restoreAgents(db, agents);
    await unpark?.();
    await db.end();
  }
  await nina?.context.close();
  await grace?.context.close();
  await browser?.close();
  await stack?.stop();
});

const openOf = async (agentId: string): Promise<number> =>
  (
    await db.query(`SELECT count(*)::int AS n FROM conversations WHERE assignee_id = $1 AND status = 'AGENT_ACTIVE'`, [
      agentId,
    ])
  ).rows[0].n;

const bell = (page: Page) => page.getByRole('button', { name: /^Notifications/ });
const row = (page: Page, id: string) => page.locator(`.list [data-conversation="${id}"]`);

async function goOnline(page: Page): Promise<void> {
  await page.getByLabel('Your status').selectOption('ONLINE');
  await waitFor(async () => (await page.getByLabel('Your status').inputValue()) === 'ONLINE');
}

async function view(page: Page, name: string, heading = name): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('link', { name: new RegExp(`^${name}`) })
    .click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

describe('routing in the console', () => {
  it('an agent at capacity is not offered a new conversation; the free agent is', async () => {
    await Promise.all([goOnline(nina.page), goOnline(grace.page)]);
    // Nina is given room for two more than she holds, and claims two: she is at her capacity.
    const cap = (await openOf('agt-1')) + 2;
    expect((await gql(stack.port, staffToken(), UPDATE_AGENT, { id: 'agt-1', p: { capacity: cap } })).errors).toBe(
      undefined,
    );
    await db.query(`UPDATE agents SET capacity = NULL WHERE id = 'agt-3'`);
    for (const customer of ['cus-01', 'cus-02']) {
      const { id } = await customerTurn(stack.port, token('customer', customer), null, HUMAN);
      expect((await gql(stack.port, token('agent', 'agt-1'), CLAIM, { id })).errors).toBeUndefined();
    }
    // Her queue says so, live (nothing reloaded), and so does her status panel.
    const banner = nina.page.getByTestId('capacity-banner');
    await banner.getByText(`At capacity (${cap}/${cap})`).waitFor({ timeout: 15_000 });
    await nina.page.getByTestId('workload').getByText(`${cap} of ${cap} open`).waitFor();
    const ninaBell = await bell(nina.page).getAttribute('aria-label');
    const graceBell = await bell(grace.page).getAttribute('aria-label');

    const { id } = await customerTurn(stack.port, token('customer', 'cus-03'), null, HUMAN);
    // Grace, free, is offered it: a notification, and the conversation in her queue to claim.
    await waitFor(async () => (await bell(grace.page).getAttribute('aria-label')) !== graceBell, 15_000);
    await row(grace.page, id).waitFor({ timeout: 15_000 });
    await bell(grace.page).click();
    const offer = grace.page.getByRole('region', { name: 'Notifications' }).getByRole('listitem').first();
    await offer.getByText('Queued').waitFor();
    await offer.getByRole('button').click();
    await grace.page.waitForURL(new RegExp(`/console/conversations/${id}`));
    await grace.page.getByRole('button', { name: 'Claim', exact: true }).waitFor();

    // Nina is not: no notification arrived (Grace's, sent at the same moment, has), and the queue, which still lists
    // what her tier may take, says why she can't.
    await row(nina.page, id).waitFor({ timeout: 15_000 });
    expect(await bell(nina.page).getAttribute('aria-label')).toBe(ninaBell);
    await nina.page.locator(`.list [data-conversation="${id}"]`).click();
    await nina.page.getByRole('button', { name: 'Claim', exact: true }).click();
    const refusal = nina.page.getByRole('alert').filter({ hasText: /capacity/ });
    await refusal
      .getByText(`You are at your capacity (${cap} open conversations): resolve, release or transfer one first`)
      .waitFor();
    await nina.page.screenshot({ path: path.join(DOCS, 'console-capacity.png') });
    expect(await seriousOrCritical(nina.page)).toEqual([]);
    expect(await openOf('agt-1')).toBe(cap);

    // Grace claims it from the console.
    await grace.page.getByRole('button', { name: 'Claim', exact: true }).click();
    await grace.page.getByText('Assigned to Grace Liu').waitFor({ timeout: 15_000 });
    expect([...nina.errors, ...grace.errors]).toEqual([]);
  });

  it('auto-assignment hands a conversation to the free agent, not to the one at capacity', async () => {
    const on = { ...(original as object), autoAssign: { enabled: true } };
    expect((await gql(stack.port, staffToken(), UPDATE_POLICY, { d: on })).errors).toBeUndefined();
    await Promise.all([view(nina.page, 'Assigned to me'), view(grace.page, 'Assigned to me')]);
    const ninaBell = await bell(nina.page).getAttribute('aria-label');

    const { id } = await customerTurn(stack.port, token('customer', 'cus-04'), null, HUMAN);
    // Grace did not claim it: it is hers, in her "Assigned to me" as it happens, and she is told.
    await row(grace.page, id).waitFor({ timeout: 20_000 });
    await bell(grace.page).click();
    const assigned = grace.page.getByRole('region', { name: 'Notifications' }).getByRole('listitem').first();
    await assigned.getByText('Assigned to you', { exact: true }).waitFor();
    await bell(grace.page).click();
    await row(grace.page, id).click();
    await grace.page.getByText('Assigned to Grace Liu').waitFor();
    await grace.page.getByRole('button', { name: 'Resolve' }).waitFor();
    await grace.page.screenshot({ path: path.join(DOCS, 'console-auto-assigned.png') });

    // Nina, at capacity, got neither the conversation nor a word about it: not even once the pool's "queued"
    // notification, sent after the customer's notice, has gone out to everyone it reaches.
    await waitFor(
      async () =>
        (await db.query(`SELECT 1 FROM agent_notifications WHERE conversation_id = $1 AND kind = 'QUEUED'`, [id]))
          .rowCount,
      15_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    const claims = (
      await db.query(`SELECT data FROM conversation_events WHERE conversation_id = $1 AND kind = 'claimed'`, [id])
    ).rows;
    expect(claims.map((c) => c.data.agentId)).toEqual(['agt-3']);
    expect(await row(nina.page, id).count()).toBe(0);
    expect(await bell(nina.page).getAttribute('aria-label')).toBe(ninaBell);
    expect([...nina.errors, ...grace.errors]).toEqual([]);
  });
  it('an agent whose queue is empty while others wait is told where they wait, and can go there', async () => {
    // Auto-assignment off again: the conversation waits in the Tier 1 pool, out of a Tier 2 agent's queue.
    expect((await gql(stack.port, staffToken(), UPDATE_POLICY, { d: original })).errors).toBeUndefined();
    const { id } = await customerTurn(stack.port, token('customer', 'cus-05'), null, HUMAN);
    const carlos = await signInAs(browser, base, /Carlos Mendes/);
    try {
      const hint = carlos.page.getByTestId('queue-elsewhere');
      await hint.getByText('Nothing for you to claim right now. 1 conversation waits').waitFor({ timeout: 15_000 });
      expect(await seriousOrCritical(carlos.page)).toEqual([]);
      await hint.getByRole('link', { name: 'see Waiting' }).click();
      await carlos.page.getByRole('heading', { name: 'Waiting', level: 1 }).waitFor();
      await row(carlos.page, id).waitFor();
      expect(carlos.errors).toEqual([]);
    } finally {
      await carlos.context.close();
    }
  });
});
