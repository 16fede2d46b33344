import { randomUUID } from 'node:crypto';
import { startHubSpotStub, type HubSpotStub } from '../../../test/stubs/hubspot-stub';
import type { CrmRecord } from './crm.provider';
import { HubSpotCrm } from './hubspot.provider';

const TOKEN = `pat-na1-${randomUUID()}`;

function builtin(id: string, email: string): CrmRecord {
  return {
    id,
    name: 'Built In',
    email,
    company: 'Builtin Co',
    tier: 'PRO',
    plan: 'Pro',
    seats: 5,
    mrrUsd: 250,
    notes: 'from the customers table',
  };
}

/** A customer known to the built-in table, with a unique email so tests never see each other's data. */
function customer() {
  const id = `cus-${randomUUID().slice(0, 8)}`;
  const email = `${id}@example.test`;
  return { id, email, fallback: builtin(id, email) };
}

function crmFor(stub: { url: string }, c: ReturnType<typeof customer>, timeoutMs?: number) {
  return new HubSpotCrm({
    accessToken: TOKEN,
    basePath: stub.url,
    timeoutMs,
    emailOf: async (id) => (id === c.id ? { email: c.email, fallback: c.fallback } : null),
  });
}

/** Everything the provider wrote to the log while `fn` ran. */
async function captureLog<T>(fn: () => Promise<T>): Promise<{ result: T; logged: string }> {
  const lines: string[] = [];
  const spies = [process.stdout, process.stderr].map((s) =>
    jest.spyOn(s, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    }),
  );
  try {
    return { result: await fn(), logged: lines.join('') };
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
}

describe('HubSpotCrm (real @hubspot/api-client against a local HubSpot)', () => {
  let stub: HubSpotStub;
  beforeEach(async () => {
    stub = await startHubSpotStub({ accessToken: TOKEN });
  });
  afterEach(async () => {
    await stub.stop();
  });

  it('maps the contact, its primary company and its open deals', async () => {
    const c = customer();
    stub.seed({
      companies: [
        {
          id: '9001',
          properties: {
            name: 'Acme Analytics',
            domain: 'acme.test',
            lumen_tier: 'enterprise',
            lumen_plan: 'Enterprise',
            lumen_seats: '120',
            lumen_mrr: '9800',
          },
        },
        { id: '9002', properties: { name: 'Acme Subsidiary' } },
      ],
      deals: [
        {
          id: '7001',
          properties: {
            dealname: 'Acme renewal 2026',
            amount: '118000',
            dealstage: 'contractsent',
            hs_is_closed: 'false',
          },
        },
        {
          id: '7002',
          properties: { dealname: 'Acme seats add-on', amount: '12000.50', dealstage: 'appointmentscheduled' },
        },
        {
          id: '7003',
          properties: { dealname: 'Acme 2025', amount: '90000', dealstage: 'closedwon', hs_is_closed: 'true' },
        },
      ],
      contacts: [
        {
          id: '501',
          properties: { email: c.email, firstname: 'Ada', lastname: 'Lovelace', lumen_tier: 'PRO' },
          companyIds: ['9002', '9001'],
          primaryCompanyId: '9001',
          dealIds: ['7001', '7002', '7003'],
        },
      ],
    });

    const record = await crmFor(stub, c).lookupCustomer(c.id);

    expect(record).toEqual({
      id: c.id,
      name: 'Ada Lovelace',
      email: c.email,
      company: 'Acme Analytics',
      tier: 'ENTERPRISE', // the company's value wins over the contact's
      plan: 'Enterprise',
      seats: 120,
      mrrUsd: 9800,
      notes: 'from the customers table',
      crm: {
        provider: 'hubspot',
        contactId: '501',
        companyName: 'Acme Analytics',
        openDeals: [
          { id: '7001', name: 'Acme renewal 2026', amount: 118000, stage: 'contractsent' },
          { id: '7002', name: 'Acme seats add-on', amount: 12000.5, stage: 'appointmentscheduled' },
        ],
      },
    });
    const calls = stub.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`);
    expect(calls).toEqual(
      expect.arrayContaining([
        'POST /crm/v3/objects/contacts/search',
        'GET /crm/v4/objects/contacts/501/associations/companies',
        'GET /crm/v4/objects/contacts/501/associations/deals',
        'POST /crm/v3/objects/companies/batch/read',
        'POST /crm/v3/objects/deals/batch/read',
      ]),
    );
    expect(stub.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const search = JSON.parse(stub.requests[0].body);
    expect(search.filterGroups[0].filters[0]).toEqual({ propertyName: 'email', operator: 'EQ', value: c.email });
  });

  it('takes the tier from the contact when there is no company, and the rest from the built-in record', async () => {
    const c = customer();
    stub.seed({
      contacts: [{ id: '502', properties: { email: c.email, firstname: 'Grace', lumen_tier: 'Enterprise' } }],
    });

    const record = await crmFor(stub, c).lookupCustomer(c.id);

    expect(record).toMatchObject({
      name: 'Grace',
      tier: 'ENTERPRISE',
      company: 'Builtin Co',
      plan: 'Pro',
      seats: 5,
      mrrUsd: 250,
    });
    expect(record?.crm).toEqual({ provider: 'hubspot', contactId: '502', companyName: 'Builtin Co', openDeals: [] });
  });

  it('answers with the built-in record when HubSpot has no contact for the email', async () => {
    const c = customer();
    expect(await crmFor(stub, c).lookupCustomer(c.id)).toEqual(c.fallback);
  });

  it('answers null for a customer the built-in table does not know, without calling HubSpot', async () => {
    const c = customer();
    expect(await crmFor(stub, c).lookupCustomer('cus-nobody')).toBeNull();
    expect(stub.requests).toHaveLength(0);
  });

  it('falls back to the built-in record when HubSpot is down, erroring or hanging', async () => {
    const c = customer();
    stub.seed({ contacts: [{ id: '503', properties: { email: c.email, lumen_tier: 'ENTERPRISE' } }] });

    stub.failWith({ status: 503, category: 'SERVICE_UNAVAILABLE', message: 'down for maintenance' });
    expect(await crmFor(stub, c).lookupCustomer(c.id)).toEqual(c.fallback);

    stub.failWith('hang');
    const started = Date.now();
    expect(await crmFor(stub, c, 500).lookupCustomer(c.id)).toEqual(c.fallback);
    expect(Date.now() - started).toBeLessThan(2000);

    stub.failWith(null);
    await stub.stop(); // connection refused
    expect(await crmFor(stub, c).lookupCustomer(c.id)).toEqual(c.fallback);
    stub = await startHubSpotStub({ accessToken: TOKEN }); // for afterEach
  });

  it('never lets the access token into a log line or an error, even when HubSpot echoes it back', async () => {
    const c = customer();
    stub.failWith({ status: 401, category: 'INVALID_AUTHENTICATION', echoAuthorization: true });

    const { result, logged } = await captureLog(() => crmFor(stub, c).lookupCustomer(c.id));

    expect(result).toEqual(c.fallback);
    expect(logged).toContain('hubspot lookup failed');
    expect(logged).toContain('HTTP 401');
    expect(logged).toContain('[redacted]'); // the echo reached us and was scrubbed
    expect(logged).not.toContain(TOKEN);

    // The wrong token is answered like HubSpot does, and still not echoed by us.
    stub.failWith(null);
    const wrong = new HubSpotCrm({
      accessToken: 'pat-na1-wrong-secret',
      basePath: stub.url,
      emailOf: async () => ({ email: c.email, fallback: c.fallback }),
    });
    const second = await captureLog(() => wrong.lookupCustomer(c.id));
    expect(second.result).toEqual(c.fallback);
    expect(second.logged).toContain('INVALID_AUTHENTICATION');
    expect(second.logged).not.toContain('pat-na1-wrong-secret');
  });
});
