import type { DataSource } from 'typeorm';
import { BuiltinCrm } from './crm.provider';

/** The built-in CRM reads the customers table; overlapping lookups of one customer share one read. */
function crmWith(rows: Array<Record<string, unknown>>) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const query = jest.fn(async () => {
    await gate;
    return rows;
  });
  return { crm: new BuiltinCrm({ query } as unknown as DataSource), query, release };
}

const row = {
  id: 'cus-01',
  name: 'Ana',
  email: 'ana@example.com',
  company: 'Acme',
  tier: 'PRO',
  plan: 'Pro',
  seats: 5,
  mrr_usd: 150,
  notes: null,
};

describe('BuiltinCrm', () => {
  it('answers overlapping lookups of one customer with one read, each with its own copy', async () => {
    const { crm, query, release } = crmWith([row]);
    const forContext = crm.lookupCustomer('cus-01');
    const forBilling = crm.lookupCustomer('cus-01');
    release();
    const [a, b] = await Promise.all([forContext, forBilling]);
    expect(query).toHaveBeenCalledTimes(1);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ id: 'cus-01', email: 'ana@example.com', seats: 5, mrrUsd: 150 });
    expect(a).not.toBe(b);
  });

  it('reads again once the earlier read has answered (nothing is kept), and per customer', async () => {
    const { crm, query, release } = crmWith([row]);
    release();
    await crm.lookupCustomer('cus-01');
    await crm.lookupCustomer('cus-01');
    await Promise.all([crm.lookupCustomer('cus-02'), crm.lookupCustomer('cus-03')]);
    expect(query).toHaveBeenCalledTimes(4);
  });

  it('gives null for a customer it does not know', async () => {
    const { crm, release } = crmWith([]);
    release();
    expect(await crm.lookupCustomer('cus-none')).toBeNull();
  });
});
