import { gql, pg, startProcess, type Proc } from './support/stack';

/**
 * The console's sessions over real HTTP against the API process: development sign-in, the refresh cookie's
 * attributes, rotation (an old cookie is refused, and ends the session), sign-out, and no development sign-in in
 * production. The access token they hand out is an agent's bearer token for /graphql.
 */
let api: Proc;
let base: string;

beforeAll(async () => {
  // A rotated cookie answers for 1 s here (10 s by default), so the test can wait it out.
  api = await startProcess('api', { CONSOLE_REFRESH_REUSE_SECONDS: '1' });
  base = `http://127.0.0.1:${api.port}`;
});
afterAll(async () => api?.stop());

const CONSOLE = { 'x-requested-with': 'console' };

function refreshCookie(res: Response): { value: string; attributes: string[] } {
  const header = res.headers.getSetCookie().find((c) => c.startsWith('sh_refresh='));
  if (!header) throw new Error(`no sh_refresh cookie in ${JSON.stringify(res.headers.getSetCookie())}`);
  const [pair, ...attributes] = header.split(';').map((s) => s.trim());
  return { value: pair.slice('sh_refresh='.length), attributes: attributes.map((a) => a.toLowerCase()) };
}

async function signIn(agentId: string) {
  const res = await fetch(`${base}/auth/dev/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agentId }),
  });
  expect(res.status).toBe(200);
  return { res, body: (await res.json()) as any, cookie: refreshCookie(res).value };
}

const refresh = (cookie: string | null, headers: Record<string, string> = CONSOLE) =>
  fetch(`${base}/auth/refresh`, {
    method: 'POST',
    headers: { ...headers, ...(cookie ? { cookie: `sh_refresh=${cookie}` } : {}) },
  });

describe('console sessions', () => {
  it('lists the seeded agents for the development sign-in page', async () => {
    const res = await fetch(`${base}/auth/dev/agents`);
    expect(res.status).toBe(200);
    const agents = (await res.json()) as any[];
    expect(agents).toContainEqual({
      id: 'agt-7',
      name: 'Hannah Schmidt',
      email: 'hannah.schmidt@lumen.io',
      tier: 'LEAD',
    });
    expect(Object.keys(agents[0]).sort()).toEqual(['email', 'id', 'name', 'tier']);
  });

  it('signs in: an httpOnly, SameSite=Strict cookie on /auth and an access token the API accepts for that agent', async () => {
    const { res, body } = await signIn('agt-2');
    const cookie = refreshCookie(res);
    expect(cookie.value.length).toBeGreaterThanOrEqual(40);
    expect(cookie.attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/auth']));
    // Served over plain http here: not Secure (a browser would drop a Secure cookie on http://).
    expect(cookie.attributes).not.toContain('secure');
    expect(body.agent).toEqual({ id: 'agt-2', name: 'Marco Rossi', email: 'marco.rossi@lumen.io', tier: 'TIER1' });
    const ttl = Date.parse(body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(500_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    const me = await gql(api.port!, body.accessToken, '{ me { id role name } }');
    expect(me.data!.me).toEqual({ id: 'agt-2', role: 'AGENT', name: 'Marco Rossi' });
    // The token is stored hashed: the cookie's value is nowhere in the table.
    const db = await pg();
    try {
      const rows = await db.query('SELECT 1 FROM agent_sessions WHERE token_hash = $1', [cookie.value]);
      expect(rows.rowCount).toBe(0);
    } finally {
      await db.end();
    }
  });

  it('refresh rotates the cookie; the old one, presented after its grace second, is refused and ends the session', async () => {
    const { cookie: first } = await signIn('agt-3');
    // Two tabs refreshing with the same cookie at once: both succeed, each with a new cookie.
    const [r1, r2] = await Promise.all([refresh(first), refresh(first)]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    const second = refreshCookie(r1).value;
    expect(second).not.toBe(first);
    expect(refreshCookie(r2).value).not.toBe(second);
    const b1 = (await r1.json()) as any;
    expect(b1.agent.id).toBe('agt-3');
    expect((await gql(api.port!, b1.accessToken, '{ me { id } }')).data!.me.id).toBe('agt-3');

    // The first cookie again, later (replayed, or stolen): refused, and the whole session with it.
    await new Promise((r) => setTimeout(r, 1500));
    const replay = await refresh(first);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await refresh(second)).status).toBe(401);
  });

  it('refresh needs the X-Requested-With: console header and a valid cookie', async () => {
    const { cookie } = await signIn('agt-4');
    expect((await refresh(cookie, {})).status).toBe(403);
    const none = await refresh(null);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await refresh('not-a-session-token')).status).toBe(401);
    // Neither refusal spent the cookie.
    expect((await refresh(cookie)).status).toBe(200);
  });

  it('sign-out revokes the session and clears the cookie; refresh is refused after it', async () => {
    const { cookie } = await signIn('agt-5');
    expect(
      (await fetch(`${base}/auth/sign-out`, { method: 'POST', headers: { cookie: `sh_refresh=${cookie}` } })).status,
    ).toBe(403);
    const out = await fetch(`${base}/auth/sign-out`, {
      method: 'POST',
      headers: { ...CONSOLE, cookie: `sh_refresh=${cookie}` },
    });
    expect(out.status).toBe(204);
    const cleared = refreshCookie(out);
    expect(cleared.value).toBe('');
    expect(cleared.attributes.some((a) => a.startsWith('expires=thu, 01 jan 1970'))).toBe(true);
    expect((await refresh(cookie)).status).toBe(401);
  });

  it('refuses a refresh for an agent that no longer exists, and a sign-in for an unknown agent', async () => {
    const db = await pg();
    try {
      await db.query(`INSERT INTO agents (id, name, email, tier) VALUES ('agt-gone', 'Gone Soon', 'gone@lumen.io', 'TIER1')
                      ON CONFLICT (id) DO NOTHING`);
      const { cookie } = await signIn('agt-gone');
      await db.query(`DELETE FROM agents WHERE id = 'agt-gone'`);
      expect((await refresh(cookie)).status).toBe(401);
    } finally {
      await db.end();
    }
    const unknown = await fetch(`${base}/auth/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agentId: 'agt-nobody' }),
    });
    expect(unknown.status).toBe(404);
    const bad = await fetch(`${base}/auth/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({}),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses a refresh, and a sign-in, for an agent an admin has disabled', async () => {
    const db = await pg();
    try {
      await db.query(`INSERT INTO agents (id, name, email, tier) VALUES ('agt-disabled', 'Off Duty', 'off@lumen.io', 'TIER1')
                      ON CONFLICT (id) DO UPDATE SET disabled_at = NULL`);
      const { cookie } = await signIn('agt-disabled');
      expect((await refresh(cookie)).status).toBe(200);
      await db.query(`UPDATE agents SET disabled_at = now() WHERE id = 'agt-disabled'`);
      expect((await refresh(cookie)).status).toBe(401);
      const again = await fetch(`${base}/auth/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agentId: 'agt-disabled' }),
      });
      expect(again.status).toBe(403);
      const listed = (await (await fetch(`${base}/auth/dev/agents`)).json()) as Array<{ id: string }>;
      expect(listed.map((a) => a.id)).not.toContain('agt-disabled');
    } finally {
      await db.end();
    }
  });

  it('marks the cookie Secure when the console is served over https (behind a TLS proxy)', async () => {
    const tls = await startProcess('api', { CONSOLE_BASE_URL: 'https://support.example.com/console' });
    try {
      const res = await fetch(`http://127.0.0.1:${tls.port}/auth/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agentId: 'agt-6' }),
      });
      expect(res.status).toBe(200);
      expect(refreshCookie(res).attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=strict']));
    } finally {
      await tls.stop();
    }
  });

  it('has no development sign-in in production (404), while refresh stays', async () => {
    const prod = await startProcess('api', { NODE_ENV: 'production' });
    try {
      const b = `http://127.0.0.1:${prod.port}`;
      expect((await fetch(`${b}/auth/dev/agents`)).status).toBe(404);
      const signInRes = await fetch(`${b}/auth/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agentId: 'agt-1' }),
      });
      expect(signInRes.status).toBe(404);
      expect((await fetch(`${b}/auth/refresh`, { method: 'POST', headers: CONSOLE })).status).toBe(401);
    } finally {
      await prod.stop();
    }
  });
});

describe('agents', () => {
  const AGENTS = `query($first: Int, $after: String, $filter: AgentFilterInput) {
    agents(first: $first, after: $after, filter: $filter) {
      totalCount edges { cursor node { id name tier skills status } } pageInfo { hasNextPage endCursor }
    } }`;

  it('pages through the team by name and filters by tier and skill', async () => {
    const { body } = await signIn('agt-1');
    const first = await gql(api.port!, body.accessToken, AGENTS, { first: 3 });
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.agents;
    expect(page1.edges).toHaveLength(3);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const rest = (await gql(api.port!, body.accessToken, AGENTS, { first: 100, after: page1.pageInfo.endCursor })).data!
      .agents;
    const names = [...page1.edges, ...rest.edges].map((e: any) => e.node.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : 1)));
    expect(names.length).toBe(page1.totalCount);

    const leads = (await gql(api.port!, body.accessToken, AGENTS, { filter: { tier: 'LEAD' } })).data!.agents;
    expect(leads.edges.map((e: any) => e.node.id).sort()).toEqual(['agt-7', 'agt-8']);
    expect(leads.totalCount).toBe(2);
    const security = (await gql(api.port!, body.accessToken, AGENTS, { filter: { skill: 'security' } })).data!.agents;
    expect(security.edges.map((e: any) => e.node.id).sort()).toEqual(['agt-5', 'agt-7']);
  });
});
