import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser';
import { DOCS, signInAs, type SignedIn } from './support/console-browser';
import { errorCode, gql, pg, startStack, token } from './support/stack';

/**
 * The team screen and its API: an admin (a console session of an admin row) invites an agent by email and sets
 * their tier, skills, on-call flag and capacity; the same address again is the same agent; bad input is refused.
 */
let stack: Awaited<ReturnType<typeof startStack>>;
let browser: Browser;
let base: string;
let admin: SignedIn;
const tag = randomUUID().slice(0, 6);
const INVITE = `mutation($email: String!, $p: AgentProfileInput) { inviteAgent(email: $email, profile: $p) {
  id name email tier skills onCall capacity status } }`;
const UPDATE = `mutation($id: ID!, $p: AgentProfileInput!) { updateAgent(agentId: $id, profile: $p) { id tier capacity skills onCall } }`;

beforeAll(async () => {
  stack = await startStack('console-team');
  base = `http://127.0.0.1:${stack.port}`;
  browser = await launchChromium();
  admin = await signInAs(browser, base, /Ada Okafor/, { role: 'heading', name: 'Numbers' });
}, 600_000);
afterAll(async () => {
  const db = await pg();
  try {
    await db.query(`DELETE FROM agents WHERE email LIKE $1`, [`%${tag}%`]);
  } finally {
    await db.end();
  }
  await admin?.context.close();
  await browser?.close();
  await stack?.stop();
});

describe('the team', () => {
  it('an admin invites by email (idempotently) and sets tier, skills, on-call and capacity; others may not', async () => {
    const adminToken = token('admin', 'admin-1');
    const email = `Quinn.Baptiste.${tag}@lumen.io`;
    const first = await gql(stack.port, adminToken, INVITE, {
      email,
      p: { tier: 'TIER2', skills: ['Billing'], capacity: 3 },
    });
    expect(first.errors).toBeUndefined();
    expect(first.data!.inviteAgent).toMatchObject({
      name: `Quinn Baptiste ${tag[0].toUpperCase()}${tag.slice(1)}`,
      email: email.toLowerCase(),
      tier: 'TIER2',
      skills: ['billing'],
      capacity: 3,
      status: 'OFFLINE',
    });
    const again = await gql(stack.port, adminToken, INVITE, { email: email.toUpperCase() });
    expect(again.data!.inviteAgent.id).toBe(first.data!.inviteAgent.id);
    expect(errorCode(await gql(stack.port, adminToken, INVITE, { email: 'nina.patel@lumen.io' }))).toBe('CONFLICT');
    expect(errorCode(await gql(stack.port, token('agent', 'agt-7'), INVITE, { email: `x.${tag}@lumen.io` }))).toBe(
      'FORBIDDEN',
    );

    const id = first.data!.inviteAgent.id;
    const updated = await gql(stack.port, adminToken, UPDATE, { id, p: { capacity: 7, onCall: true, tier: 'LEAD' } });
    expect(updated.data!.updateAgent).toEqual({ id, tier: 'LEAD', capacity: 7, skills: ['billing'], onCall: true });
    for (const p of [{ capacity: 101 }, { capacity: -1 }, { skills: ['no spaces please'] }, { name: ' ' }])
      expect([p, errorCode(await gql(stack.port, adminToken, UPDATE, { id, p }))]).toEqual([p, 'BAD_USER_INPUT']);
    // The admin's own row is no agent to route to: not in the directory, not editable as one.
    const directory = await gql(stack.port, adminToken, `{ agents(first: 100) { edges { node { id } } } }`);
    expect(directory.data!.agents.edges.map((e: any) => e.node.id)).not.toContain('adm-1');
    expect(errorCode(await gql(stack.port, adminToken, UPDATE, { id: 'adm-1', p: { capacity: 2 } }))).toBe('NOT_FOUND');
  });

  it('on the team screen, an admin invites an agent and edits their capacity', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Team' }).click();
    await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Invite an agent…' }).click();
    const invite = page.getByRole('dialog', { name: 'Invite an agent' });
    await invite.getByLabel('Email (their single sign-on address)').fill(`rosa.lind.${tag}@lumen.io`);
    await invite.getByLabel('Name').fill(`Rosa Lind ${tag}`);
    await invite.getByLabel('Skills (comma-separated)').fill('technical, privacy');
    await invite.getByRole('button', { name: 'Invite' }).click();
    const row = page.getByRole('row', { name: new RegExp(`Rosa Lind ${tag}`) });
    await row.waitFor();
    await row.getByRole('button', { name: `Edit Rosa Lind ${tag}` }).click();
    const edit = page.getByRole('dialog', { name: `Edit Rosa Lind ${tag}` });
    await edit.getByLabel('Capacity').fill('2');
    await edit.getByRole('button', { name: 'Save' }).click();
    await row.getByRole('cell', { name: '2', exact: true }).waitFor();
    await page.screenshot({ path: path.join(DOCS, 'console-team.png') });
    const db = await pg();
    try {
      const r = await db.query(`SELECT capacity, skills, invited_by FROM agents WHERE email = $1`, [
        `rosa.lind.${tag}@lumen.io`,
      ]);
      expect(r.rows).toEqual([{ capacity: 2, skills: ['technical', 'privacy'], invited_by: 'adm-1' }]);
    } finally {
      await db.end();
    }
    expect(admin.errors).toEqual([]);
  });
});
