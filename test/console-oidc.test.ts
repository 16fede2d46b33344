import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { freePort } from '../src/net';
import { launchChromium } from './support/browser';
import { gql, startProcess, type Proc } from './support/stack';

/**
 * Single sign-on for the console against a real OpenID Connect provider (oidc-provider 9 in its own process, test
 * client and users): authorization code with PKCE through Chromium, the agent matched by email (case-insensitive),
 * the same session (refresh cookie, access token) as the development sign-in; an employee who is no agent is refused
 * with a message saying why, and a callback that did not start here is refused.
 */
const CLIENT_ID = 'support-console';
const CLIENT_SECRET = 'console-client-secret-0123456789';

let idp: ChildProcess;
let api: Proc;
let base: string;
let browser: Browser;

async function startIdp(port: number, redirectUri: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(__dirname, 'support', 'oidc-provider.mjs')], {
    env: {
      PATH: process.env.PATH ?? '',
      OIDC_PORT: String(port),
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_REDIRECT_URI: redirectUri,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the OIDC provider did not start:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('"ready":true')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the OIDC provider exited with ${code}:\n${out}`)));
  });
  return child;
}

beforeAll(async () => {
  const [apiPort, idpPort] = [await freePort(), await freePort()];
  base = `http://127.0.0.1:${apiPort}`;
  idp = await startIdp(idpPort, `${base}/auth/oidc/callback`);
  api = await startProcess('api', {
    PORT: String(apiPort),
    PUBLIC_URL: base,
    OIDC_ISSUER_URL: `http://127.0.0.1:${idpPort}`,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_PROVIDER_NAME: 'Lumen SSO',
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  idp?.kill('SIGTERM');
});

/** The console's sign-in page → the IdP's login form (its development interactions) → back to the console. */
async function signInThroughIdp(login: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${base}/console/`);
  await page.getByRole('link', { name: 'Sign in with Lumen SSO' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  return page;
}

describe('single sign-on (OpenID Connect)', () => {
  it('tells the sign-in page what it offers: the IdP by name, and the development list outside production', async () => {
    const res = await fetch(`${base}/auth/methods`);
    expect(await res.json()).toEqual({
      devSignIn: true,
      oidc: { name: 'Lumen SSO', startUrl: '/auth/oidc/start' },
    });
    const start = await fetch(`${base}/auth/oidc/start`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const to = new URL(start.headers.get('location')!);
    expect(to.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('redirect_uri')).toBe(`${base}/auth/oidc/callback`);
    expect(to.searchParams.get('state')).toBeTruthy();
    expect(start.headers.getSetCookie().find((c) => c.startsWith('sh_oidc='))).toMatch(/HttpOnly/i);
  });

  it('signs an agent in through the IdP (email matched case-insensitively) and lands in the inbox', async () => {
    const page = await signInThroughIdp('nina');
    await page.getByRole('heading', { name: 'Queue', level: 1 }).waitFor({ timeout: 20_000 });
    await page.getByText('Nina Patel').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/');
    const cookies = await page.context().cookies();
    const refresh = cookies.find((c) => c.name === 'sh_refresh')!;
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/auth' });
    // The session is the console's own: the refresh cookie hands out an access token for agt-1 that the API accepts.
    const renewed = await fetch(`${base}/auth/refresh`, {
      method: 'POST',
      headers: { 'x-requested-with': 'console', cookie: `sh_refresh=${refresh.value}` },
    });
    const body = (await renewed.json()) as any;
    expect(body.agent).toEqual({ id: 'agt-1', name: 'Nina Patel', email: 'nina.patel@lumen.io', tier: 'TIER1' });
    const me = await gql(api.port!, body.accessToken, '{ me { id role name } }');
    expect(me.data!.me).toEqual({ id: 'agt-1', role: 'AGENT', name: 'Nina Patel' });
    await page.context().close();
  });

  it('refuses someone the IdP knows but who is no agent here, and says why on the sign-in page', async () => {
    const page = await signInThroughIdp('stranger');
    await page
      .getByRole('alert')
      .filter({ hasText: 'No agent has the email pat.stranger@lumen.io' })
      .waitFor({ timeout: 20_000 });
    expect(page.url()).not.toContain('signin_error'); // read once, then removed from the address bar
    expect((await page.context().cookies()).some((c) => c.name === 'sh_refresh')).toBe(false);
    await page.getByRole('link', { name: 'Sign in with Lumen SSO' }).waitFor();
    await page.getByRole('button', { name: /Nina Patel/ }).waitFor(); // the development list, outside production
    await page.screenshot({ path: path.resolve(__dirname, '..', 'docs', 'console-sign-in.png') });
    await page.context().close();
  });

  it('refuses a callback this browser did not start (no flow cookie), or one whose state was swapped', async () => {
    const stray = await fetch(`${base}/auth/oidc/callback?code=abc&state=xyz`, { redirect: 'manual' });
    expect(stray.status).toBe(303);
    expect(decodeURIComponent(stray.headers.get('location')!)).toContain('started in another browser');
    const start = await fetch(`${base}/auth/oidc/start`, { redirect: 'manual' });
    const flow = start.headers
      .getSetCookie()
      .find((c) => c.startsWith('sh_oidc='))!
      .split(';')[0];
    const swapped = await fetch(`${base}/auth/oidc/callback?code=abc&state=not-the-state`, {
      redirect: 'manual',
      headers: { cookie: flow },
    });
    expect(swapped.status).toBe(303);
    expect(decodeURIComponent(swapped.headers.get('location')!)).toMatch(/signin_error=.*could not be completed/);
    expect(swapped.headers.getSetCookie().some((c) => c.startsWith('sh_refresh='))).toBe(false);
  });
});
